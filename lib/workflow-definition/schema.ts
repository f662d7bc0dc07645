import { z } from "zod";
import { templateProblems } from "./template";
import { ZRecordAction } from "./record-action";

/**
 * A workflow definition: what a published WorkflowVersion freezes and the
 * engine evaluates. Shared by the editor's forms, the REST API, the seed and
 * the engine, so all of them accept and reject exactly the same things.
 */

/** A json-logic expression (https://jsonlogic.com), e.g. {"==": [{"var": "country"}, "DE"]}. */
export const ZJsonLogic = z.record(z.string(), z.unknown());

const ZId = z.string().min(1, "Required");

/** Who gets the handoff. */
export const ZAssignment = z.discriminatedUnion("strategy", [
  z.object({
    strategy: z.literal("named"),
    userId: ZId,
  }),
  z.object({
    strategy: z.literal("round_robin"),
    teamId: ZId,
    /** userId → weight (default 1): a weight-2 member gets twice the share. */
    weights: z.record(z.string(), z.number().int().min(0).max(100)).default({}),
    /** At most this many open handoffs per member (on top of the member's own capacity). */
    cap: z.number().int().positive().optional(),
  }),
  z.object({
    strategy: z.literal("territory"),
    /** Field read from the event/record, e.g. "country" or "record.attributes.region". */
    field: ZId,
    /** Field value → teamId. Values are matched case-insensitively. */
    map: z
      .record(z.string(), ZId)
      .refine((m) => Object.keys(m).length > 0, "Map at least one value"),
    fallbackTeamId: z.string().optional(),
    /** How to pick a member within the chosen team. */
    within: z.enum(["round_robin", "least_loaded"]).default("round_robin"),
  }),
  z.object({
    strategy: z.literal("least_loaded"),
    teamId: ZId,
  }),
]);
export type TAssignment = z.infer<typeof ZAssignment>;

/**
 * Confidence: at or above `high` the engine acts, between `low` and `high` it
 * suggests and asks a person to confirm, below `low` it hands over to manual.
 * The score comes from a payload field (e.g. a lead score 0..1) or is fixed.
 */
export const ZConfidence = z
  .object({
    field: z.string().optional(),
    fixed: z.number().min(0).max(1).optional(),
    high: z.number().min(0).max(1).default(0.8),
    low: z.number().min(0).max(1).default(0.5),
  })
  .refine((c) => c.low <= c.high, { message: "low must not exceed high", path: ["low"] });

/** instant: no approval; fast_track: auto-approved after N minutes unless someone objects; full_review: a person approves. */
export const ZApproval = z
  .object({
    tier: z.enum(["instant", "fast_track", "full_review"]).default("instant"),
    fastTrackMinutes: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 60)
      .optional(),
  })
  .refine((a) => a.tier !== "fast_track" || a.fastTrackMinutes !== undefined, {
    message: "Fast-track needs the minutes after which it is auto-approved",
    path: ["fastTrackMinutes"],
  });

/** Amounts at or above the threshold need full review, whatever the approval tier says. */
export const ZMoney = z.object({
  field: ZId,
  threshold: z.number().nonnegative(),
});

/** The event must agree with the canonical record (the source of truth) on these fields. */
export const ZSourceOfTruth = z.object({
  fields: z.array(ZId).min(1),
});

export const ZRule = z.object({
  id: ZId,
  name: z.string().min(1, "Give the rule a name").max(120),
  /** null: always matches. */
  when: ZJsonLogic.nullable().default(null),
  assign: ZAssignment,
  confidence: ZConfidence.optional(),
  approval: ZApproval.default({ tier: "instant" }),
  money: ZMoney.optional(),
  sourceOfTruth: ZSourceOfTruth.optional(),
});
export type TRule = z.infer<typeof ZRule>;

const ZTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM (24 h)");

export const ZBusinessHours = z
  .object({
    timezone: z.string().min(1).default("UTC"),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
    start: ZTime.default("09:00"),
    end: ZTime.default("17:00"),
  })
  .refine((b) => b.start < b.end, { message: "End must be after start", path: ["end"] });

export const ZSla = z.object({
  /** The owner must accept within this many (business) minutes. */
  acceptWithinMinutes: z
    .number()
    .int()
    .positive()
    .max(30 * 24 * 60),
  businessHours: ZBusinessHours.nullable().default(null),
  /** reassign: to the next eligible owner; exception: an SLA_BREACH exception for the team's manager. */
  onBreach: z.enum(["reassign", "exception"]).default("exception"),
  /** After this many reassignments the breach becomes an exception anyway. */
  maxReassignments: z.number().int().min(0).max(10).default(2),
});

export const ZWebhookAction = z.object({
  id: ZId,
  name: z.string().min(1).max(120),
  type: z.literal("webhook"),
  destinationKey: ZId,
});

/**
 * A handoff outcome that starts the next stage (sales → onboarding): when a
 * handoff of this workflow is completed with `outcome`, the workflow `workflowKey`
 * runs on the same record, carrying its history and the previous owner.
 */
export const ZNextStage = z.object({
  outcome: z.string().min(1, "Required"),
  workflowKey: ZId,
});

// --- email action ---
/** A template field: the {{record.…}} / {{payload.…}} / {{handoff.…}} syntax, checked here. */
const ZTemplate = (max: number, required: string | null) =>
  z
    .string()
    .max(max, `At most ${max} characters`)
    .superRefine((v, ctx) => {
      if (required && v.trim() === "") ctx.addIssue({ code: "custom", message: required });
      for (const message of templateProblems(v)) ctx.addIssue({ code: "custom", message });
    });

/**
 * An email through an EMAIL destination's SMTP server. `to`, `subject`,
 * `text` and `html` are templates over the record, the payload and the
 * handoff. `review: true` holds every message as a draft for a person;
 * `holdAbove` holds it when an account value field is at or above a threshold.
 */
export const ZEmailAction = z.object({
  id: ZId,
  name: z.string().min(1).max(120),
  type: z.literal("email"),
  destinationKey: ZId,
  to: ZTemplate(500, "Say who receives it, e.g. {{record.email}}"),
  subject: ZTemplate(500, "Give the message a subject"),
  text: ZTemplate(20_000, "Write the plain-text body"),
  html: ZTemplate(50_000, null).default(""),
  review: z.boolean().default(false),
  holdAbove: z
    .object({
      /** A payload or record field, e.g. "payload.accountValue" or "record.attributes.arr". */
      field: z.string().regex(/^(payload|record)\.[A-Za-z0-9_.-]+$/, "Use payload.… or record.…"),
      threshold: z.number().nonnegative(),
    })
    .optional(),
});
export type TEmailAction = z.infer<typeof ZEmailAction>;
// --- end email action ---

/**
 * What an action does, by type: a signed webhook, an email, or a write to a
 * system of record (record-action.ts) read back to verify.
 */
export const ZAction = z.discriminatedUnion("type", [ZWebhookAction, ZEmailAction, ZRecordAction]);
export type TAction = z.infer<typeof ZAction>;

/** Who owns each part of the handoff map (free text or an email): shown in the picture. */
export const ZOwners = z.object({
  rule: z.string().max(120).default(""),
  decision: z.string().max(120).default(""),
  connector: z.string().max(120).default(""),
});

// ── Classifier (issue #16) ──────────────────────────────────────────────

/** A structured field the classifier reads: a payload/record path and how it becomes features. */
export const ZClassifierField = z.object({
  path: ZId,
  kind: z.enum(["category", "number"]).default("category"),
});

/** Who a label hands to (the common case: the label names a team or a person). */
export const ZLabelRoute = z
  .object({ teamId: z.string().min(1).optional(), userId: z.string().min(1).optional() })
  .refine((r) => !!r.teamId !== !!r.userId, "Route a label to one team or one person");

/**
 * The understand stage's classifier: what it reads, the labels it chooses
 * among, and how sure it must be to act. The threshold in force is the one
 * published here (proposed from held-out history by a threshold proposal);
 * null is a cold start and never acts. Rules read `label` and `confidence`.
 */
export const ZClassifierConfig = z
  .object({
    /** Payload/record paths read as free text ("message", "email.subject"). */
    textFields: z.array(ZId).min(1, "Pick at least one text field").max(20),
    /** Payload/record paths read as structured fields ("country", "record.attributes.plan"). */
    fields: z.array(ZClassifierField).max(50).default([]),
    /** The taxonomy. */
    labels: z.array(z.string().trim().min(1).max(80)).min(2, "Give at least two labels").max(500),
    /** The label meaning "none of these": its cases always go to a person. */
    outOfScopeLabel: z.string().min(1).nullable().default(null),
    /** Label → team or person; a routed label overrides the matched rule's assignment. */
    routes: z.record(z.string(), ZLabelRoute).default({}),
    /** Share of automatic decisions that must be correct, e.g. 0.98. */
    targetPrecision: z.number().min(0.5).max(0.9999).default(0.98),
    /** Confidence at or above which the engine acts; null: never (cold start). */
    threshold: z.number().min(0).max(1).nullable().default(null),
    /** Share of automatic decisions sampled for a person's spot-check. */
    spotCheckShare: z.number().min(0).max(1).default(0.05),
    /** Checked automatic decisions live precision needs before it may pause auto-acting (drift fallback). */
    driftMinChecks: z.number().int().min(1).max(100_000).default(20),
    /** suggest: a person always confirms; auto: acts at or above the threshold. */
    mode: z.enum(["suggest", "auto"]).default("suggest"),
    /** Train a new version after this many new labels. */
    retrainAfter: z.number().int().min(1).max(100_000).default(50),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.labels.forEach((l, i) => {
      if (seen.has(l))
        ctx.addIssue({ code: "custom", path: ["labels", i], message: `Duplicate label "${l}"` });
      seen.add(l);
    });
    if (c.outOfScopeLabel !== null && !seen.has(c.outOfScopeLabel))
      ctx.addIssue({ code: "custom", path: ["outOfScopeLabel"], message: "Not one of the labels" });
    for (const label of Object.keys(c.routes))
      if (!seen.has(label))
        ctx.addIssue({
          code: "custom",
          path: ["routes", label],
          message: `"${label}" is not one of the labels`,
        });
  });
export type TClassifierConfig = z.infer<typeof ZClassifierConfig>;

// ── end classifier ──────────────────────────────────────────────────────

export const ZWorkflowDefinition = z.object({
  /** Only events matching this filter enter the workflow (null: every event of the source). */
  filter: ZJsonLogic.nullable().default(null),
  /** Fields the event must carry; a missing one opens a MISSING_FIELD exception. */
  requiredFields: z.array(ZId).default([]),
  rules: z.array(ZRule).min(1, "Add at least one rule"),
  sla: ZSla,
  actions: z.array(ZAction).default([]),
  outcomes: z
    .array(z.string().min(1))
    .min(1)
    .default(["contacted", "qualified", "disqualified", "not_reachable"]),
  owners: ZOwners.default({ rule: "", decision: "", connector: "" }),
  /** Outcomes that start another workflow on the same record; cycles are refused. */
  next: z.array(ZNextStage).default([]),
  /** The understand stage's classifier (issue #16); null: none. */
  classifier: ZClassifierConfig.nullable().default(null),
});

export type TNextStage = z.infer<typeof ZNextStage>;
export type TWorkflowDefinition = z.infer<typeof ZWorkflowDefinition>;
export type TWorkflowDefinitionInput = z.input<typeof ZWorkflowDefinition>;
