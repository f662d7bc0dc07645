import { z } from "zod";

/** REST and form inputs of the classifier (issue #16). */

export const ZImportQuery = z.object({
  /** true: import the good rows and report the bad ones (default: all or nothing). */
  skipInvalid: z.enum(["true", "false"]).default("false"),
});

export const ZVersionParam = z.coerce.number().int().positive().max(1_000_000);

export const ZPredictRequest = z
  .object({
    payload: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: "An event body as the source would send it" }),
    text: z.string().max(20_000).optional().meta({ description: "Or just a text" }),
  })
  .refine((b) => !!b.payload !== (b.text !== undefined), "Send either payload or text");

export const ZThresholdRequest = z.object({
  targetPrecision: z.number().min(0.5).max(0.9999),
  /** A version to read the held-out scores from (default: the active one). */
  version: z.int().positive().optional(),
  /** Also switch the draft's mode to "auto" when a threshold is found. */
  enableAuto: z.boolean().default(false),
});

export const ZExcludeExample = z.object({
  excluded: z.boolean(),
  reason: z.string().trim().max(500).optional(),
});

/** A reviewer's verdict on a spot check: the model's label was right, or the right one is `label`. */
export const ZSpotCheckVerdict = z
  .discriminatedUnion("verdict", [
    z.strictObject({ verdict: z.literal("confirm") }),
    z.strictObject({
      verdict: z.literal("correct"),
      label: z.string().trim().min(1, "Pick the right label").max(80),
    }),
  ])
  .meta({
    description: "confirm: the model's label was right; correct: it should have been `label`",
  });

export type TSpotCheckVerdict = z.output<typeof ZSpotCheckVerdict>;

/** `GET …/spot-checks`: pending (waiting for a person), checked, or all; newest first. */
export const ZSpotCheckListQuery = z.object({
  status: z.enum(["pending", "checked", "all"]).default("pending"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(64).optional().meta({ description: "nextCursor of the previous page" }),
  /** Decisions made in [from, to) (the dashboard's period links here). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export type TSpotCheckListQuery = z.output<typeof ZSpotCheckListQuery>;

/** An admin lets a paused classifier act alone again. */
export const ZResumeAutoActing = z.strictObject({
  note: z.string().trim().min(1, "Say what changed").max(500),
});
