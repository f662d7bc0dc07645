import { z } from "zod";

/**
 * Response shapes of the events API. Plain zod (no Prisma), so the route's
 * answer, the data function's return type and the OpenAPI document share one
 * definition. Dates travel as ISO 8601 strings.
 */
const ZIsoDate = z.iso.datetime({ offset: true });

export const ZEventStatus = z.enum(["RECEIVED", "PROCESSING", "ROUTED", "COMPLETED", "EXCEPTION"]);

/** One pipeline step as the worker wrote it (trigger, understand, decide, act…). */
export const ZTimelineStep = z.object({
  step: z.string(),
  at: ZIsoDate,
  ok: z.boolean(),
  note: z.string().optional(),
});
export type TTimelineStep = z.infer<typeof ZTimelineStep>;

export const ZEventHandoff = z.object({
  id: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  state: z.enum(["PENDING", "ACCEPTED", "COMPLETED", "HANDED_BACK", "ESCALATED", "CANCELLED"]),
  dueAt: ZIsoDate,
});

export const ZEventException = z.object({
  id: z.string(),
  reason: z.string().meta({ description: "ExceptionReason, e.g. NO_ROUTE or CONTRACT_VIOLATION" }),
  status: z.enum(["OPEN", "ESCALATED", "RESOLVED", "REPLAYING"]),
  title: z.string(),
});

export const ZEventDelivery = z.object({
  id: z.string(),
  destinationKey: z.string(),
  attempt: z.int(),
  status: z.enum(["SUCCEEDED", "FAILED_TRANSIENT", "FAILED_PERMANENT", "TIMEOUT", "CIRCUIT_OPEN"]),
  httpStatus: z.int().nullable(),
  durationMs: z.int(),
  createdAt: ZIsoDate,
});

/** `GET /api/v1/events/{id}`: the event, how the pipeline handled it and what came of it. */
export const ZEventDetail = z.object({
  id: z.string(),
  sourceKey: z.string(),
  status: ZEventStatus,
  receivedAt: ZIsoDate,
  processedAt: ZIsoDate.nullable(),
  deadlineAt: ZIsoDate,
  idempotencyKey: z.string(),
  payload: z.unknown().meta({ description: "The body as received, parsed as JSON" }),
  timeline: z.array(ZTimelineStep),
  decision: z
    .record(z.string(), z.unknown())
    .nullable()
    .meta({ description: "Decision trace: rules tried, inputs, assignment, confidence" }),
  outcome: z.object({
    recordId: z.string().nullable(),
    handoffs: z.array(ZEventHandoff),
    exceptions: z.array(ZEventException),
    deliveries: z.array(ZEventDelivery),
  }),
});
export type TEventDetail = z.infer<typeof ZEventDetail>;
