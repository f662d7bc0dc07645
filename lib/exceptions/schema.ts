import { z } from "zod";
import { DATE_RANGE_MESSAGE, isSaneDate } from "@/lib/server/date-range";
import { EXCEPTION_REASONS } from "@/lib/exception-model/allowed-actions";

/**
 * Inputs of the exception queue: the list/filter query (URL query strings,
 * saved views, bulk selections) and the operator actions (REST bodies,
 * server actions, bulk). Zod only, shared by every caller.
 */

const ZId = z.string().trim().min(1).max(64);

/** "open" = not resolved (OPEN, ESCALATED, REPLAYING); the enum values filter exactly. */
export const ZExceptionStatusFilter = z.enum([
  "open",
  "resolved",
  "all",
  "OPEN",
  "ESCALATED",
  "REPLAYING",
  "RESOLVED",
]);

/** One reason, several (array or comma-separated, any case). */
const ZReasons = z
  .union([z.string().max(400), z.array(z.string().max(40)).max(EXCEPTION_REASONS.length)])
  .transform((v) =>
    (Array.isArray(v) ? v : v.split(","))
      .map((r) => r.trim().toUpperCase())
      .filter((r) => r !== ""),
  )
  .pipe(z.array(z.enum(EXCEPTION_REASONS)).max(EXCEPTION_REASONS.length));

const AGE_UNITS_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Minimum age: "30m", "24h", "7d", or a bare number of hours. Parsed to milliseconds. */
export const ZAge = z
  .union([z.number(), z.string().trim().max(12)])
  .transform((v, ctx) => {
    const m = /^(\d+(?:\.\d+)?)\s*([mhd]?)$/i.exec(String(v));
    if (!m) {
      ctx.addIssue({ code: "custom", message: 'Use e.g. "30m", "24h", "7d" or hours' });
      return z.NEVER;
    }
    const unit = (m[2].toLowerCase() || "h") as keyof typeof AGE_UNITS_MS;
    return Math.round(Number(m[1]) * AGE_UNITS_MS[unit]);
  })
  .pipe(
    z
      .number()
      .int()
      .min(0)
      .max(3650 * 86_400_000),
  );

/** An instant in a URL: ISO 8601 date-time, or a date (its UTC midnight). */
const ZInstant = z
  .string()
  .trim()
  .max(40)
  .regex(/^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/, "Use an ISO 8601 date or date-time")
  .transform((v, ctx) => {
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "Not a real date" });
      return z.NEVER;
    }
    if (!isSaneDate(d)) {
      ctx.addIssue({ code: "custom", message: DATE_RANGE_MESSAGE });
      return z.NEVER;
    }
    return d;
  });

/** Filters of the queue; shared by the list, the reason counters and bulk selections. */
export const ZExceptionFilter = z.object({
  status: ZExceptionStatusFilter.default("open"),
  reason: ZReasons.optional(),
  workflowId: ZId.optional(),
  sourceId: ZId.optional(),
  /** A user id, "me" (the caller) or "none" (unassigned). */
  ownerId: ZId.optional(),
  /** A team id or "none". */
  teamId: ZId.optional(),
  sla: z.enum(["on_track", "due_soon", "breached"]).optional(),
  /** Only exceptions at least this old (milliseconds after parsing). */
  age: ZAge.optional(),
  /** Only exceptions opened at or after this instant (a dashboard period's start). */
  createdFrom: ZInstant.optional(),
  /** Only exceptions opened before this instant (a period's end, exclusive). */
  createdBefore: ZInstant.optional(),
  /** Searches email, company, name, record and event ids (lower-cased substring). */
  q: z.string().trim().max(200).optional(),
});
export type TExceptionFilter = z.output<typeof ZExceptionFilter>;
export type TExceptionFilterInput = z.input<typeof ZExceptionFilter>;

export const EXCEPTION_SORTS = ["createdAt", "dueAt", "reason", "status"] as const;
export type TExceptionSort = (typeof EXCEPTION_SORTS)[number];

/** Each sort key's default direction: oldest due first, newest (or last in enum order) otherwise. */
export const EXCEPTION_SORT_DIRS = {
  createdAt: "desc",
  dueAt: "asc",
  reason: "desc",
  status: "desc",
} as const satisfies Record<TExceptionSort, "asc" | "desc">;

/**
 * The list query. Cursor pagination (`cursor`, `limit`) unless `page` is
 * given; then `page`/`perPage` with a total.
 */
export const ZExceptionListQuery = ZExceptionFilter.extend({
  sort: z.enum(EXCEPTION_SORTS).default("createdAt"),
  /** Default: oldest due first for dueAt, newest first otherwise. */
  dir: z.enum(["asc", "desc"]).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  perPage: z.coerce.number().int().min(1).max(200).default(50),
});
export type TExceptionListQuery = z.output<typeof ZExceptionListQuery>;
export type TExceptionListQueryInput = z.input<typeof ZExceptionListQuery>;

const ZVersion = z.coerce.number().int().min(0).max(1_000_000_000);
const ZNote = z.string().trim().max(2000);

// A patch path reads like a rule's field path; prototype keys are refused so a
// patch can never reach Object.prototype.
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "prototype", "constructor"]);
const ZPatchPath = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (p) => p.split(".").every((s) => s !== "" && !FORBIDDEN_SEGMENTS.has(s)),
    "Use a dotted path such as customer.email",
  );

/** The classifier's label a person gives (issue #16): confirms or corrects the suggestion. */
const ZLabel = z.string().trim().min(1).max(80);

/** A reviewer's edit of a held email (DRAFT_REVIEW): what is sent instead of the draft. */
export const ZDraftEdit = z.object({
  subject: z
    .string()
    .trim()
    .min(1, "Give the message a subject")
    .max(500, "At most 500 characters")
    .refine((v) => !/[\r\n]/.test(v), "Keep the subject on one line"),
  text: z.string().trim().min(1, "Write the message").max(20_000, "At most 20000 characters"),
});
export type TDraftEdit = z.infer<typeof ZDraftEdit>;

const approve = z.object({
  action: z.literal("approve"),
  note: ZNote.optional(),
  /** DRAFT_REVIEW only: the edited subject and text (absent: the draft as it was rendered). */
  draft: ZDraftEdit.optional(),
  /** The classifier's label this approval confirms (issue #16). */
  label: ZLabel.optional(),
});
const reject = z.object({
  action: z.literal("reject"),
  reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(2000),
});
const reassign = z.object({
  action: z.literal("reassign"),
  ownerId: ZId.optional(),
  teamId: ZId.optional(),
  note: ZNote.optional(),
  label: ZLabel.optional(),
});
const replay = z.object({
  action: z.literal("replay"),
  from: z.enum(["trigger", "failed_step"]).default("trigger"),
});
const editReplay = z.object({
  action: z.literal("edit_replay"),
  /** Field path → new value, applied to the event payload. */
  patch: z
    .record(ZPatchPath, z.unknown())
    .refine((p) => Object.keys(p).length > 0, "Change at least one field")
    .refine((p) => Object.keys(p).length <= 100, "At most 100 fields at once"),
  note: ZNote.optional(),
});
const escalate = z.object({ action: z.literal("escalate"), note: ZNote.optional() });
const close = z.object({
  action: z.literal("close"),
  note: z.string().trim().min(1, "Say why it is closed").max(2000),
});

const ownerOrTeam = (r: { ownerId?: string; teamId?: string }) => !!(r.ownerId || r.teamId);
const ownerOrTeamIssue = { message: "Choose an owner or a team", path: ["ownerId"] };
const V = { version: ZVersion };

/** An operator action on one exception, naming the `version` the operator saw. */
export const ZExceptionAction = z.discriminatedUnion("action", [
  approve.extend(V),
  reject.extend(V),
  reassign.extend(V).refine(ownerOrTeam, ownerOrTeamIssue),
  replay.extend(V),
  editReplay.extend(V),
  escalate.extend(V),
  close.extend(V),
]);
export type TExceptionActionInput = z.output<typeof ZExceptionAction>;
export type TApproveInput = Extract<TExceptionActionInput, { action: "approve" }>;
export type TRejectInput = Extract<TExceptionActionInput, { action: "reject" }>;
export type TReassignInput = Extract<TExceptionActionInput, { action: "reassign" }>;
export type TReplayInput = Extract<TExceptionActionInput, { action: "replay" }>;
export type TEditReplayInput = Extract<TExceptionActionInput, { action: "edit_replay" }>;
export type TEscalateInput = Extract<TExceptionActionInput, { action: "escalate" }>;
export type TCloseInput = Extract<TExceptionActionInput, { action: "close" }>;

/** Confirm or correct the classifier's label (the queue's `y` / "correct to …"). */
export const ZLabelAction = z.object({
  label: ZLabel,
  note: ZNote.optional(),
  version: ZVersion,
});
export type TLabelInput = z.output<typeof ZLabelAction>;

/**
 * A bulk action: the same actions without `version` (each item is acted on
 * at the version it has when its turn comes). edit_replay is single-item
 * only: one patch rarely fits many payloads.
 */
export const ZBulkAction = z.discriminatedUnion("action", [
  approve,
  reject,
  reassign.refine(ownerOrTeam, ownerOrTeamIssue),
  replay,
  escalate,
  close,
]);
export type TBulkAction = z.output<typeof ZBulkAction>;

/** Which exceptions a bulk action applies to: listed ids, or everything a filter matches. */
export const ZBulkSelection = z
  .object({
    ids: z.array(ZId).min(1).max(1000).optional(),
    filter: ZExceptionFilter.optional(),
    dryRun: z.boolean().default(false),
  })
  .refine((s) => (s.ids ? !s.filter : !!s.filter), {
    message: "Send either ids or filter",
    path: ["ids"],
  });

/** `POST /api/v1/exceptions/bulk`: the action's fields plus the selection. */
export const ZBulkRequest = z.intersection(ZBulkAction, ZBulkSelection);
export type TBulkRequest = z.output<typeof ZBulkRequest>;

export const ZReplayPreviewQuery = z.object({
  from: z.enum(["trigger", "failed_step"]).default("trigger"),
});
