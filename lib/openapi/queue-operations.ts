import { EXCEPTION_REASONS } from "@/lib/exception-model/allowed-actions";
import {
  ZExceptionFilter,
  ZExceptionListQuery,
  ZReplayPreviewQuery,
} from "@/lib/exceptions/schema";
import { ZHandoffListQuery } from "@/lib/handoffs/schema";
import type { TOperation } from "./types";

/** The exception queue, the inbox and saved views: one entry per path and method. */

const exceptionId = { id: "The exception's id" };
const handoffId = { id: "The handoff's id" };

/** The queue's filters (list, counters, bulk `filter`). */
const FILTER_DOCS: Record<string, string> = {
  status:
    "`open` (OPEN and ESCALATED, the default), `resolved`, `all`, or one exact status " +
    "(`OPEN`, `ESCALATED`, `RESOLVED`)",
  reason: `One reason or several, comma-separated, any case: ${EXCEPTION_REASONS.join(", ")}`,
  workflowId: "Only this workflow's exceptions",
  sourceId: "Only exceptions from this source (its id)",
  ownerId: "A user id, `me` (the caller) or `none` (unassigned)",
  teamId: "A team id, or `none` (no team)",
  sla: "SLA state at the time of the request",
  age: 'Minimum age: `30m`, `24h`, `7d`, or a bare number of hours ("48")',
  q: "Search in email, company, name, record and event ids (case-insensitive substring)",
};

const LIST_DOCS: Record<string, string> = {
  ...FILTER_DOCS,
  sort: "Sort key; ties are broken by id",
  dir: "Default: `asc` for `dueAt` (oldest due first), `desc` otherwise",
  cursor: "`nextCursor` of the previous page (cursor mode)",
  limit: "Page size in cursor mode",
  page: "Switches to page mode: `{ data, total, page, perPage }` (counts, so slower)",
  perPage: "Page size in page mode",
};

/** 409 on a stale `version`, answered with the fresh state so the caller can re-decide. */
const STALE = "Stale `version`: someone acted first. The fresh state is in `current`.";

export const QUEUE_OPERATIONS: TOperation[] = [
  {
    path: "/api/v1/exceptions",
    method: "get",
    operationId: "listExceptions",
    tag: "Exceptions",
    summary: "List the exception queue",
    description:
      "Exceptions the caller may see (agents: their own and their team's), filtered and " +
      "sorted on the server. Cursor pagination (`cursor`, `limit`) answers " +
      "`{ data, nextCursor }`; with `page` it answers `{ data, total, page, perPage }`.",
    permission: "queue:view",
    query: ZExceptionListQuery,
    queryDocs: LIST_DOCS,
    responses: { 200: { description: "A page of the queue", schema: "ExceptionList" } },
  },
  {
    path: "/api/v1/exceptions/counts",
    method: "get",
    operationId: "countExceptionsByReason",
    tag: "Exceptions",
    summary: "Count the queue by reason",
    description:
      "How many exceptions match the filter, per reason. The `reason` filter itself is " +
      "ignored, so each count says what choosing that reason would give.",
    permission: "queue:view",
    query: ZExceptionFilter,
    queryDocs: FILTER_DOCS,
    responses: { 200: { description: "Counts per reason", schema: "ReasonCounts" } },
  },
  {
    path: "/api/v1/exceptions/bulk",
    method: "post",
    operationId: "bulkActOnExceptions",
    tag: "Exceptions",
    summary: "Act on many exceptions",
    description:
      "One action (as for a single exception, without `version`; no `edit_replay`) on " +
      "either listed `ids` or everything a `filter` matches (at most 1000, oldest first). " +
      "`dryRun: true` answers the plan without writing: counts by reason, side effects and " +
      "the items skipped with why. Otherwise each item is acted on at its current version " +
      "and the result lists what was done, skipped and failed.",
    permission: "exceptions:bulk",
    body: "BulkRequest",
    responses: {
      200: { description: "The plan (dry run) or the result", schema: "BulkAnswer" },
    },
  },
  {
    path: "/api/v1/exceptions/{id}",
    method: "get",
    operationId: "getException",
    tag: "Exceptions",
    summary: "Get an exception and its context",
    description:
      "The exception with its payload, record and history, decision trace, SLA clock, who " +
      "touched it, the caller's possible actions and, when reassigning is possible, the " +
      "candidate owners. 404 outside the caller's scope.",
    permission: "queue:view",
    params: exceptionId,
    responses: { 200: { description: "The exception", schema: "ExceptionDetail" } },
  },
  {
    path: "/api/v1/exceptions/{id}/actions",
    method: "post",
    operationId: "actOnException",
    tag: "Exceptions",
    summary: "Act on an exception",
    description:
      "approve, reject, reassign, replay, edit_replay, escalate or close, naming the " +
      "`version` the caller saw. Answers the new state and what the action set in motion.",
    permission: "exceptions:act",
    params: exceptionId,
    body: "ExceptionAction",
    responses: {
      200: { description: "The new state and effects", schema: "ExceptionActionResult" },
    },
    problemDetails: {
      403: { description: "The caller's role may not take this action" },
      409: { description: STALE, schema: "ExceptionConflict" },
      422: { description: "The action is not possible for this exception now (`detail` says why)" },
    },
  },
  {
    path: "/api/v1/exceptions/{id}/replay-preview",
    method: "get",
    operationId: "previewExceptionReplay",
    tag: "Exceptions",
    summary: "Preview a replay",
    description:
      "What a replay would run again, without writing: the steps, what happens to the " +
      "handoff, and each delivery with its idempotency key and whether it was delivered.",
    permission: "queue:view",
    params: exceptionId,
    query: ZReplayPreviewQuery,
    queryDocs: { from: "Replay from the trigger, or only the failed step" },
    responses: { 200: { description: "The preview", schema: "ReplayPreview" } },
  },
  {
    path: "/api/v1/handoffs",
    method: "get",
    operationId: "listHandoffs",
    tag: "Handoffs",
    summary: "List an inbox",
    description:
      "Open handoffs (earliest due first) or done ones (latest first), page by page; with " +
      "`view=left`, the handoffs that left the inbox in the last 14 days and why.",
    permission: "inbox:view",
    query: ZHandoffListQuery,
    queryDocs: {
      owner: "`me`, or a user id (managers and admins only)",
      view: "`open`, `done`, or `left` (reassigned or escalated away; not paged)",
      page: "Page number, from 1",
      perPage: "Page size",
    },
    responses: { 200: { description: "The inbox", schema: "HandoffList" } },
    problemDetails: { 403: { description: "An agent asking for someone else's inbox" } },
  },
  {
    path: "/api/v1/handoffs/{id}",
    method: "get",
    operationId: "getHandoff",
    tag: "Handoffs",
    summary: "Get a handoff and its context",
    description:
      "The handoff with the same context panel as an exception, the outcomes to choose " +
      "from and its open exceptions. Agents see their own only; 404 otherwise.",
    permission: "inbox:view",
    params: handoffId,
    responses: { 200: { description: "The handoff", schema: "HandoffDetail" } },
  },
  {
    path: "/api/v1/handoffs/{id}/actions",
    method: "post",
    operationId: "actOnHandoff",
    tag: "Handoffs",
    summary: "Act on a handoff",
    description:
      "accept, complete (with one of the workflow's outcomes), hand_back or ask_manager, " +
      "naming the `version` the caller saw. hand_back and ask_manager open an exception.",
    permission: "handoffs:act",
    params: handoffId,
    body: "HandoffAction",
    responses: {
      200: { description: "The new state", schema: "HandoffActionResult" },
    },
    problemDetails: {
      409: { description: STALE, schema: "HandoffConflict" },
      422: {
        description: "The handoff's state does not allow this, or an unknown `outcome`",
      },
    },
  },
  {
    path: "/api/v1/saved-views",
    method: "get",
    operationId: "listSavedViews",
    tag: "Saved views",
    summary: "List saved queue views",
    description: "The caller's own views and their team's shared ones, by name.",
    permission: "queue:view",
    responses: { 200: { description: "Saved views", schema: "SavedViewList" } },
  },
  {
    path: "/api/v1/saved-views",
    method: "post",
    operationId: "createSavedView",
    tag: "Saved views",
    summary: "Save a queue view",
    description:
      "A name and the queue's query string (checked against the list query). Sharing with " +
      "the team is for managers and admins.",
    permission: "queue:view",
    body: "CreateSavedView",
    responses: { 201: { description: "The new view", schema: "SavedView" } },
    problemDetails: {
      403: { description: "An agent asking to share the view with their team" },
      422: { description: "No team to share with, or 100 saved views already" },
    },
  },
  {
    path: "/api/v1/saved-views/{id}",
    method: "delete",
    operationId: "deleteSavedView",
    tag: "Saved views",
    summary: "Delete a saved view",
    description:
      "The caller's own view; a manager also their team's shared views, an admin any. " +
      "404 for anything else.",
    permission: "queue:view",
    params: { id: "The saved view's id" },
    responses: { 200: { description: "Deleted", schema: "DeletedSavedView" } },
  },
];
