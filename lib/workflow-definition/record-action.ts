import { z } from "zod";
import { jsonTemplateProblem, pointerProblem, templateProblem } from "./templates";

/**
 * A write to a system of record (a RECORD destination): an idempotent upsert
 * keyed by the downstream id Baton keeps per record and destination, and an
 * optional read-back that decides whether the write is "verified". Paths are
 * templates relative to the destination's base URL; bodies are JSON
 * templates (see templates.ts).
 */

const ZText = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters`)
    .superRefine((v, ctx) => {
      const problem = templateProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

/** A path template under the destination's base URL, e.g. /contacts/{{externalId}}. */
const ZPathTemplate = ZText(500).refine((v) => v.startsWith("/"), {
  message: 'Start the path with "/" (it is added to the destination\'s base URL)',
});

const ZBodyTemplate = z
  .string()
  .max(20_000, "At most 20,000 characters")
  .superRefine((v, ctx) => {
    const problem = jsonTemplateProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const ZPointer = z
  .string()
  .max(200)
  .superRefine((v, ctx) => {
    const problem = pointerProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Header names a template may not set: the transport's and Baton's own. */
const RESERVED_HEADERS = new Set(["host", "content-length", "content-type", "idempotency-key"]);

const ZHeaders = z
  .record(
    z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, "A header name is letters, digits and dashes")
      .refine((h) => !RESERVED_HEADERS.has(h.toLowerCase()), "Baton sets this header itself"),
    ZText(1000),
  )
  .default({});

export const ZRecordRequest = z.object({
  method: z.enum(["POST", "PUT", "PATCH"]),
  path: ZPathTemplate,
  body: ZBodyTemplate,
});

/** One field that matters: where it is in the read-back answer, and what it should be. */
export const ZVerifyField = z.object({
  label: z.string().trim().min(1, "Name the field").max(60),
  pointer: ZPointer,
  /** A text template; compared with the answer's value as text. */
  expected: ZText(500),
});

export const ZRecordAction = z.object({
  id: z.string().min(1, "Required"),
  name: z.string().min(1).max(120),
  type: z.literal("record"),
  destinationKey: z.string().min(1, "Required"),
  headers: ZHeaders,
  /** Used when Baton holds no downstream id for the record yet. */
  create: ZRecordRequest.extend({ method: z.enum(["POST", "PUT"]).default("POST") }),
  /** Used once Baton holds the downstream id ({{externalId}}). */
  update: ZRecordRequest.extend({ method: z.enum(["PATCH", "PUT", "POST"]).default("PATCH") }),
  /** Where the create answer carries the downstream id (a JSON pointer, e.g. /id). */
  idPointer: ZPointer.default("/id"),
  /** Read the record back after the write and compare these fields; only a match is verified. */
  verify: z
    .object({
      path: ZPathTemplate,
      fields: z.array(ZVerifyField).min(1, "Compare at least one field").max(20),
    })
    .optional(),
});
export type TRecordAction = z.infer<typeof ZRecordAction>;
