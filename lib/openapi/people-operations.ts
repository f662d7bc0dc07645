import { zSortQuery } from "@/lib/server/sort-query";
import { TEAM_SORTS } from "@/lib/teams/schema";
import { ZAuditListQuery } from "@/lib/audit/schema";
import { ZUserListQuery } from "@/lib/users/schema";
import type { TOperation } from "./types";

/** Users, teams with their round-robin ledger, and the audit log. */

const userId = { id: "The user's id" };
const teamId = { id: "The team's id" };
const entryId = { id: "The audit entry's id" };

const AUDIT_DOCS: Record<string, string> = {
  actor: "`system`, a user id, or an email (the actor's label at the time)",
  entityType: "Entity type, lowercase: `user`, `team`, `round_robin_ledger`, `source`, …",
  entityId:
    "Entity id prefix: one entity's id, or `teamId:` for a team's ledger rows (`teamId:userId`)",
  action: "Action prefix: `user.` or `team.updated`",
  from: "Entries at or after this instant (ISO 8601)",
  to: "Entries at or before this instant (ISO 8601)",
  cursor: "`nextCursor` of the previous page",
  limit: "Page size",
};

export const PEOPLE_OPERATIONS: TOperation[] = [
  {
    path: "/api/v1/users",
    method: "get",
    operationId: "listUsers",
    tag: "Users",
    summary: "List users",
    description: "Users, active first, with optional search by name or email (`q`).",
    permission: "users:view",
    query: ZUserListQuery,
    responses: { 200: { description: "A page of users", schema: "UserPage" } },
  },
  {
    path: "/api/v1/users",
    method: "post",
    operationId: "createUser",
    tag: "Users",
    summary: "Create a user",
    description:
      "The initial password must pass the password policy: 10 to 1024 characters, not in the " +
      "list of leaked passwords, not built from the user's name or email, zxcvbn score 3 or " +
      "more. A refusal is a 400 with the reason under `errors.password`.",
    permission: "users:edit",
    body: "CreateUser",
    responses: { 201: { description: "The new user", schema: "User" } },
    problems: [409],
  },
  {
    path: "/api/v1/users/{id}",
    method: "get",
    operationId: "getUser",
    tag: "Users",
    summary: "Get a user",
    permission: "users:view",
    params: userId,
    responses: { 200: { description: "The user", schema: "User" } },
  },
  {
    path: "/api/v1/users/{id}",
    method: "patch",
    operationId: "updateUser",
    tag: "Users",
    summary: "Change a user",
    description:
      "Any of name, role, team, capacity, availability, out-of-office `outOfOfficeFrom`/" +
      "`outOfOfficeUntil` (ISO 8601; null clears; the end must be after the start, also " +
      "against the stored value), and `active` (false ends their sessions at once). Audited " +
      "with the changed fields only. Takes effect on their next request.",
    permission: "users:edit",
    params: userId,
    body: "UpdateUser",
    responses: { 200: { description: "The changed user", schema: "User" } },
    problemDetails: {
      422: { description: "Would demote or deactivate the last active admin" },
    },
  },
  {
    path: "/api/v1/users/{id}/password",
    method: "post",
    operationId: "resetUserPassword",
    tag: "Users",
    summary: "Reset a user's password",
    description:
      "Sets a temporary password for another user. The password policy applies (at least 10 " +
      "characters, not in the list of leaked passwords, not built from their name or email, " +
      "zxcvbn score 3 or more; a refusal is a 400 naming `password`). Ends all their sessions, " +
      "and until they choose a new password at /account/password every page sends them there " +
      "and every API call and action answers 403 `PASSWORD_CHANGE_REQUIRED`. Audited as " +
      "`user.password_reset`. Your own password is changed on that page instead (422 here).",
    permission: "users:edit",
    params: userId,
    body: "ResetPassword",
    responses: { 200: { description: "The reset", schema: "PasswordReset" } },
    problemDetails: { 422: { description: "The caller's own account" } },
  },
  {
    path: "/api/v1/teams",
    method: "get",
    operationId: "listTeams",
    tag: "Teams",
    summary: "List teams",
    description: "Every team with its active members' count, availability, open load and capacity.",
    permission: "users:view",
    query: zSortQuery(TEAM_SORTS),
    responses: { 200: { description: "Teams", schema: "TeamSummaryList" } },
  },
  {
    path: "/api/v1/teams",
    method: "post",
    operationId: "createTeam",
    tag: "Teams",
    summary: "Create a team",
    permission: "users:edit",
    body: "CreateTeam",
    responses: { 201: { description: "The new team", schema: "Team" } },
    problemDetails: { 409: { description: "A team with this name exists (`errors.name`)" } },
  },
  {
    path: "/api/v1/teams/{id}",
    method: "get",
    operationId: "getTeam",
    tag: "Teams",
    summary: "Get a team with its members and round-robin ledger",
    description:
      "Members with open load, capacity and availability; the ledger (one row per agent " +
      "member, plus former members' rows); and who round-robin would pick next, and why.",
    permission: "users:view",
    params: teamId,
    responses: { 200: { description: "The team", schema: "TeamDetail" } },
  },
  {
    path: "/api/v1/teams/{id}",
    method: "patch",
    operationId: "renameTeam",
    tag: "Teams",
    summary: "Rename a team",
    permission: "users:edit",
    params: teamId,
    body: "UpdateTeam",
    responses: { 200: { description: "The team", schema: "Team" } },
    problemDetails: { 409: { description: "A team with this name exists (`errors.name`)" } },
  },
  {
    path: "/api/v1/teams/{id}/ledger",
    method: "post",
    operationId: "adjustTeamLedger",
    tag: "Teams",
    summary: "Adjust a member's round-robin ledger",
    description:
      "Change the adjustment by a `delta` or to an absolute `adjustment`, and/or the " +
      "`weight`, with a required `reason`. Round-robin picks the lowest " +
      "(assignedCount + adjustment) / weight, so +N holds a member back by N leads. " +
      "Audited as `round_robin_ledger.adjusted` (entity id `teamId:userId`).",
    permission: "users:edit",
    params: teamId,
    body: "LedgerAdjust",
    responses: { 200: { description: "The ledger row", schema: "LedgerAdjusted" } },
  },
  {
    path: "/api/v1/audit",
    method: "get",
    operationId: "listAuditEntries",
    tag: "Audit",
    summary: "List audit entries",
    description:
      "Every change by anyone and by the system, newest first, filtered on the server. " +
      "Cursor pagination: `{ data, nextCursor }`.",
    permission: "audit:view",
    query: ZAuditListQuery,
    queryDocs: AUDIT_DOCS,
    responses: { 200: { description: "A page of entries", schema: "AuditPage" } },
  },
  {
    path: "/api/v1/audit/{id}",
    method: "get",
    operationId: "getAuditEntry",
    tag: "Audit",
    summary: "Get an audit entry with its diff",
    description: "The entry, its field-by-field diff, and whether a revert could undo it.",
    permission: "audit:view",
    params: entryId,
    responses: { 200: { description: "The entry", schema: "AuditEntryDetail" } },
  },
  {
    path: "/api/v1/audit/{id}/revert",
    method: "post",
    operationId: "revertAuditEntry",
    tag: "Audit",
    summary: "Revert a configuration change",
    description:
      "Puts back the entry's `before` values (users' working settings, team names, ledger " +
      "adjustments and weights, source and destination configuration — never secrets, " +
      "never activation), through the entity's ordinary checks. Writes its own " +
      "`<entity>.reverted` entry, reason `Revert of audit entry <id>`, in the same " +
      "transaction. No body.",
    permission: "audit:revert",
    params: entryId,
    responses: { 200: { description: "Reverted", schema: "RevertResult" } },
    problemDetails: {
      409: {
        description: "The entity changed since the entry: `changed` lists each field",
        schema: "RevertConflict",
      },
      422: { description: "Not a configuration change a revert can undo (`detail` says why)" },
    },
  },
];
