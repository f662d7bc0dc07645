import { z } from "zod";
import { ZEventStatus, ZTimelineStep } from "@/lib/events/schema";
import { EXCEPTION_ACTIONS, EXCEPTION_REASONS } from "@/lib/exception-model/allowed-actions";
import { HANDOFF_ACTIONS } from "@/lib/handoffs/schema";
import { ZDate, ZProblem } from "./responses";

/**
 * What the queue, inbox and saved-view endpoints answer, as zod, for the
 * OpenAPI document only: they mirror the selects in lib/exceptions/data.ts,
 * lib/handoffs/data.ts and lib/saved-views/data.ts. Dates are ISO 8601 strings.
 */

const ZRef = z.object({ id: z.string(), name: z.string() });
const ZJson = z.unknown().meta({ description: "Free-form JSON" });
const ZReason = z.enum(EXCEPTION_REASONS);
const ZSla = z.enum(["on_track", "due_soon", "breached"]);
const ZByReason = z
  .partialRecord(ZReason, z.int())
  .meta({ description: "Count per reason; reasons with none are left out" });

// ── Exceptions ──────────────────────────────────────────────────────────────

export const ZExceptionListItem = z.object({
  id: z.string(),
  reason: ZReason,
  status: z.enum(["OPEN", "ESCALATED", "REPLAYING", "RESOLVED"]),
  title: z.string(),
  detail: z.string().nullable(),
  dueAt: ZDate,
  createdAt: ZDate,
  version: z.int().meta({ description: "Name it in the next action (optimistic concurrency)" }),
  confidence: z.number().nullable(),
  resolution: z.string().nullable(),
  allowedActions: z
    .array(z.enum(EXCEPTION_ACTIONS))
    .meta({ description: "What the reason allows at all" }),
  owner: ZRef.nullable(),
  team: ZRef.nullable(),
  workflow: ZRef.nullable(),
  source: z.object({ id: z.string(), key: z.string(), name: z.string() }).nullable(),
  sla: ZSla,
  actions: z.array(z.enum(EXCEPTION_ACTIONS)).meta({ description: "What this caller may do now" }),
});

export const ZExceptionCursorPage = z.object({
  data: z.array(ZExceptionListItem),
  nextCursor: z
    .string()
    .nullable()
    .meta({ description: "Pass as `cursor` for the next page; null on the last one" }),
});

export const ZExceptionPage = z.object({
  data: z.array(ZExceptionListItem),
  total: z.int(),
  page: z.int(),
  perPage: z.int(),
});

export const ZExceptionList = z
  .union([ZExceptionCursorPage, ZExceptionPage])
  .meta({ description: "`{ data, nextCursor }`, or `{ data, total, page, perPage }` with `page`" });

export const ZReasonCounts = z.object({ byReason: ZByReason, total: z.int() });

/** The state an operator acts on: answered after an action and, with a 409, in `current`. */
export const ZExceptionState = ZExceptionListItem.extend({
  resolutionNote: z.string().nullable(),
  resolvedAt: ZDate.nullable(),
  resolvedBy: ZRef.nullable(),
  suggestion: ZJson.nullable(),
  eventId: z.string().nullable(),
  recordId: z.string().nullable(),
  handoffId: z.string().nullable(),
  updatedAt: ZDate,
});

const ZRecordView = z.object({
  id: z.string(),
  identityKey: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  company: z.string().nullable(),
  phone: z.string().nullable(),
  externalIds: ZJson.nullable(),
  attributes: ZJson.nullable(),
  createdAt: ZDate,
  updatedAt: ZDate,
  owner: ZRef.nullable(),
});

const ZHistoryItem = z.object({
  at: ZDate,
  kind: z.enum(["event", "decision", "handoff", "delivery", "exception", "audit"]),
  id: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  status: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string(),
  httpStatus: z.int().nullable().optional(),
  responseExcerpt: z.string().nullable().optional(),
  actor: z.string().optional(),
});

const ZAuditEntry = z.object({
  id: z.string(),
  action: z.string(),
  actorType: z.enum(["SYSTEM", "USER"]),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  before: ZJson.nullable(),
  after: ZJson.nullable(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: ZDate,
});

/** The context panel shared by an exception and a handoff. */
const context = {
  sla: z.object({ dueAt: ZDate, state: ZSla }),
  payload: ZJson.meta({ description: "The event's body as received (or the snapshot)" }),
  record: ZRecordView.nullable(),
  decision: ZJson.nullable().meta({ description: "Decision trace" }),
  history: z.array(ZHistoryItem).meta({ description: "The record's history, newest first" }),
  touchedBy: z.array(ZAuditEntry).meta({ description: "Audit entries, newest first" }),
};

export const ZExceptionDetail = z.object({
  exception: ZExceptionState,
  ...context,
  event: z
    .object({
      id: z.string(),
      status: ZEventStatus,
      receivedAt: ZDate,
      processedAt: ZDate.nullable(),
      source: z.object({ key: z.string(), name: z.string() }),
      timeline: z.array(ZTimelineStep),
    })
    .nullable(),
  context: z.record(z.string(), z.unknown()),
  suggestion: ZJson.nullable(),
  confidence: z.number().nullable(),
  actions: z.array(z.enum(EXCEPTION_ACTIONS)),
  reassign: z
    .object({
      candidates: z.array(
        ZRef.extend({
          teamId: z.string().nullable(),
          openHandoffs: z.int(),
          capacity: z.int(),
          unavailable: z.string().nullable().meta({ description: "Why they cannot take work" }),
        }),
      ),
      teams: z.array(ZRef),
    })
    .nullable()
    .meta({ description: "Candidate owners and teams, when the caller may reassign" }),
});

const ZEffects = z.object({
  handoffsCreated: z.int(),
  handoffsReassigned: z.int(),
  deliveriesResent: z.int(),
  eventsReplayed: z.int(),
});

export const ZExceptionActionResult = z.object({
  exception: ZExceptionState.nullable().meta({ description: "Null if now outside your scope" }),
  effects: ZEffects.extend({
    handoffId: z.string().nullable().optional(),
    exceptionIds: z.array(z.string()).optional(),
  }),
});

export const ZExceptionConflict = ZProblem.extend({
  current: ZExceptionState.nullable().meta({ description: "The exception as it is now" }),
});

const ZSkipped = z.array(z.object({ id: z.string(), why: z.string() }));

export const ZBulkPlan = z.object({
  count: z.int().meta({ description: "Exceptions the run would act on" }),
  byReason: ZByReason,
  sideEffects: ZEffects,
  skipped: ZSkipped,
  truncated: z.boolean().meta({ description: "More than 1000 matched; the oldest 1000 count" }),
  ids: z.array(z.string()),
  items: z
    .array(z.object({ id: z.string(), title: z.string(), outcome: z.string() }))
    .meta({ description: "Each item the run touches, with what will happen to it" }),
});

export const ZBulkResult = z.object({
  done: z.int(),
  failed: z.array(z.object({ id: z.string(), message: z.string() })),
  skipped: ZSkipped,
  sideEffects: ZEffects,
});

export const ZBulkAnswer = z
  .union([ZBulkPlan, ZBulkResult])
  .meta({ description: "The plan with `dryRun: true`, else the result of the run" });

export const ZReplayPreview = z.object({
  from: z.enum(["trigger", "failed_step"]),
  allowed: z.boolean(),
  refusal: z.string().nullable(),
  steps: z.array(z.string()),
  handoff: z.string(),
  deliveries: z.array(
    z.object({
      destinationKey: z.string(),
      destinationName: z.string(),
      destinationState: z.enum(["ok", "circuit_open", "half_open", "paused", "missing"]),
      actionName: z.string(),
      idempotencyKey: z.string(),
      alreadyDelivered: z.boolean(),
      effect: z.enum(["sent", "sent_if_handed_off", "sent_receiver_dedupes", "not_sent"]),
    }),
  ),
  warnings: z.array(z.string()),
  waitsForRecovery: z.boolean(),
});

// ── Handoffs ────────────────────────────────────────────────────────────────

const ZHandoffStateEnum = z.enum([
  "PENDING",
  "ACCEPTED",
  "COMPLETED",
  "HANDED_BACK",
  "ESCALATED",
  "CANCELLED",
]);
const ZRecordRef = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  company: z.string().nullable(),
});

const handoffRow = {
  id: z.string(),
  state: ZHandoffStateEnum,
  dueAt: ZDate,
  acceptedAt: ZDate.nullable(),
  completedAt: ZDate.nullable(),
  outcome: z.string().nullable(),
  createdAt: ZDate,
  version: z.int().meta({ description: "Name it in the next action (optimistic concurrency)" }),
  record: ZRecordRef,
};
const handoffState = {
  ownerId: z.string().nullable(),
  teamId: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  escalations: z.int(),
  updatedAt: ZDate,
  owner: ZRef.nullable(),
  team: ZRef.nullable(),
};
const ZWorkflowVersionRef = z.object({ workflow: ZRef }).nullable();

export const ZHandoffRow = z.object({ ...handoffRow, workflowVersion: ZWorkflowVersionRef });

export const ZHandoffPage = z.object({
  data: z.array(ZHandoffRow),
  total: z.int(),
  page: z.int(),
  perPage: z.int(),
});

export const ZHandoffLeftList = z.object({
  data: z.array(
    z.object({
      handoffId: z.string(),
      at: ZDate,
      kind: z.enum(["reassigned", "escalated", "handed_back"]),
      reason: z.string().nullable(),
      record: ZRecordRef,
      nowOwner: ZRef.nullable(),
    }),
  ),
});

export const ZHandoffList = z
  .union([ZHandoffPage, ZHandoffLeftList])
  .meta({ description: "A page of the inbox, or with `view=left` the last 50 that left it" });

export const ZHandoffState = ZHandoffRow.extend({
  ...handoffState,
  sla: ZSla,
  actions: z.array(z.enum(HANDOFF_ACTIONS)),
});

export const ZHandoffDetail = z.object({
  handoff: z.object({
    ...handoffRow,
    ...handoffState,
    eventId: z.string().nullable(),
    recordId: z.string(),
    workflow: ZRef.nullable(),
  }),
  ...context,
  event: z
    .object({
      id: z.string(),
      status: ZEventStatus,
      receivedAt: ZDate,
      timeline: z.array(ZTimelineStep),
    })
    .nullable(),
  outcomes: z.array(z.string()).meta({ description: "What `complete` accepts as `outcome`" }),
  actions: z.array(z.enum(HANDOFF_ACTIONS)),
  openExceptions: z.array(
    z.object({
      id: z.string(),
      reason: ZReason,
      title: z.string(),
      status: z.enum(["OPEN", "ESCALATED", "REPLAYING", "RESOLVED"]),
      createdAt: ZDate,
    }),
  ),
});

export const ZHandoffActionResult = z.object({
  handoff: ZHandoffState.nullable(),
  exceptionId: z
    .string()
    .nullable()
    .meta({ description: "The exception the action opened (hand_back, ask_manager)" }),
});

export const ZHandoffConflict = ZProblem.extend({
  current: ZHandoffState.nullable().meta({ description: "The handoff as it is now" }),
});

// ── Saved views ─────────────────────────────────────────────────────────────

export const ZSavedView = z.object({
  id: z.string(),
  name: z.string(),
  query: z.string().meta({ description: "The queue's URL query string, without `?`" }),
  shared: z.boolean(),
  teamId: z.string().nullable(),
  createdAt: ZDate,
  owner: ZRef,
  mine: z.boolean(),
});

export const ZSavedViewList = z.object({ data: z.array(ZSavedView) });

export const ZDeletedSavedView = z.object({ id: z.string(), deleted: z.literal(true) });
