import { z } from "zod";
import { ZRole } from "@/lib/users/schema";
import { ZDate, ZProblem } from "./responses";

/**
 * What the teams and audit endpoints answer, as zod, for the OpenAPI document
 * only: they mirror lib/teams/data.ts, lib/teams/mutations.ts, lib/audit/data.ts
 * and lib/audit/mutations/revert/revert-entry.ts. Dates are ISO 8601 strings.
 */

const ZJson = z.unknown().meta({ description: "Free-form JSON" });

export const ZTeam = z.object({ id: z.string(), name: z.string(), createdAt: ZDate });

export const ZTeamSummary = ZTeam.extend({
  members: z.int().meta({ description: "Active members" }),
  availableMembers: z.int().meta({ description: "Active members marked available" }),
  load: z.int().meta({ description: "Open handoffs (pending or accepted) of the active members" }),
  capacity: z.int().meta({ description: "Summed capacity of the active members" }),
});

export const ZTeamSummaryList = z.object({ data: z.array(ZTeamSummary) });

export const ZTeamMember = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: ZRole,
  active: z.boolean(),
  capacity: z.int(),
  available: z.boolean(),
  outOfOfficeFrom: ZDate.nullable(),
  outOfOfficeUntil: ZDate.nullable(),
  load: z.int().meta({ description: "Open handoffs" }),
});

export const ZLedgerRow = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  member: z.boolean().meta({ description: "false: a former member's row, kept for history" }),
  assignedCount: z.int(),
  adjustment: z.int().meta({ description: "Added to assignedCount when choosing (admin-set)" }),
  weight: z.int().meta({ description: "Share of the rotation; 0 takes the member out" }),
  effective: z
    .int()
    .meta({ description: "assignedCount + adjustment: lowest per weight goes next" }),
  lastAssignedAt: ZDate.nullable(),
});

export const ZTeamDetail = ZTeam.extend({
  members: z.array(ZTeamMember),
  ledger: z.array(ZLedgerRow),
  nextPick: z.object({
    userId: z.string().nullable().meta({ description: "null when no member is eligible" }),
    explanation: z.string(),
    skipped: z
      .array(z.object({ userId: z.string(), reason: z.string(), detail: z.string() }))
      .meta({ description: "Members passed over now, and why (out of office, at capacity…)" }),
  }),
});

export const ZLedgerAdjusted = z.object({
  teamId: z.string(),
  userId: z.string(),
  assignedCount: z.int(),
  adjustment: z.int(),
  weight: z.int(),
  effective: z.int(),
  lastAssignedAt: ZDate.nullable(),
});

export const ZAuditEntry = z.object({
  id: z.string(),
  createdAt: ZDate,
  actorType: z.enum(["USER", "SYSTEM"]),
  actorId: z.string().nullable(),
  actorLabel: z.string().meta({ description: "Email or system label at the time" }),
  action: z.string().meta({ examples: ["user.updated", "round_robin_ledger.adjusted"] }),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: ZJson.nullable(),
  after: ZJson.nullable(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
});

export const ZAuditPage = z.object({
  data: z.array(ZAuditEntry),
  nextCursor: z
    .string()
    .nullable()
    .meta({ description: "Pass as `cursor` for the next page; null on the last one" }),
});

export const ZAuditEntryDetail = ZAuditEntry.extend({
  diff: z.array(
    z.object({
      field: z.string().meta({ description: "Dotted path, e.g. `contract.required.1`" }),
      kind: z.enum(["added", "removed", "changed"]),
      old: ZJson.optional(),
      new: ZJson.optional(),
    }),
  ),
  revertable: z.boolean().meta({
    description: "Whether the entry is a configuration change a revert can undo (admins only)",
  }),
  notRevertableReason: z.string().nullable(),
});

export const ZRevertResult = z.object({
  reverted: z.string().meta({ description: "The reverted entry's id" }),
  entityType: z.string(),
  entityId: z.string(),
  auditEntryId: z
    .string()
    .nullable()
    .meta({ description: "The `<entity>.reverted` entry the revert wrote" }),
});

export const ZRevertConflict = ZProblem.extend({
  changed: z
    .array(z.object({ field: z.string(), expected: ZJson, current: ZJson }))
    .meta({ description: "Each field that no longer holds the entry's `after` value" }),
});

export const ZPasswordReset = z.object({
  id: z.string(),
  mustChangePassword: z.literal(true),
  sessionsEnded: z.int().meta({ description: "Open sessions of the user that the reset ended" }),
});
