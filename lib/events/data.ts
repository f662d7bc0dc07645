import "server-only";
import { db } from "@/lib/server/db";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { ZTimelineStep, type TEventDetail, type TTimelineStep } from "./schema";

/**
 * An event with its outcome. The source is reduced to its key: a wider
 * select here would be one edit away from answering its signing secrets.
 */
export const eventDetailSelect = {
  id: true,
  status: true,
  receivedAt: true,
  processedAt: true,
  deadlineAt: true,
  idempotencyKey: true,
  payload: true,
  timeline: true,
  decision: true,
  recordId: true,
  source: { select: { key: true } },
  handoffs: {
    select: {
      id: true,
      ownerId: true,
      owner: { select: { name: true } },
      state: true,
      dueAt: true,
    },
    orderBy: { createdAt: "asc" },
  },
  exceptions: {
    select: { id: true, reason: true, status: true, title: true },
    orderBy: { createdAt: "asc" },
  },
  deliveries: {
    select: {
      id: true,
      destination: { select: { key: true } },
      attempt: true,
      status: true,
      httpStatus: true,
      durationMs: true,
      createdAt: true,
    },
    orderBy: { createdAt: "asc" },
  },
} satisfies Prisma.EventSelect;

type TEventDetailRow = Prisma.EventGetPayload<{ select: typeof eventDetailSelect }>;

/** The stored raw body, parsed; ingest only accepts JSON, but a raw string beats a 500. */
function parsePayload(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * The timeline column is free-form JSON written by the worker; steps that do
 * not have the documented shape are left out rather than passed on as is.
 */
export function parseTimeline(value: unknown): TTimelineStep[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((step) => {
    const res = ZTimelineStep.safeParse(step);
    return res.success ? [res.data] : [];
  });
}

function asTrace(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Maps a database row to the API shape (dates as ISO strings). */
export function toEventDetail(row: TEventDetailRow): TEventDetail {
  return {
    id: row.id,
    sourceKey: row.source.key,
    status: row.status,
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
    deadlineAt: row.deadlineAt.toISOString(),
    idempotencyKey: row.idempotencyKey,
    payload: parsePayload(row.payload),
    timeline: parseTimeline(row.timeline),
    decision: asTrace(row.decision),
    outcome: {
      recordId: row.recordId,
      handoffs: row.handoffs.map((h) => ({
        id: h.id,
        ownerId: h.ownerId,
        ownerName: h.owner?.name ?? null,
        state: h.state,
        dueAt: h.dueAt.toISOString(),
      })),
      exceptions: row.exceptions,
      deliveries: row.deliveries.map((d) => ({
        id: d.id,
        destinationKey: d.destination.key,
        attempt: d.attempt,
        status: d.status,
        httpStatus: d.httpStatus,
        durationMs: d.durationMs,
        createdAt: d.createdAt.toISOString(),
      })),
    },
  };
}

/**
 * One event with its timeline, decision trace and outcome (record, handoffs,
 * exceptions, deliveries), or null when there is no such event. Callers check
 * `events:view` first: the roles that hold it see every event.
 */
export async function getEventDetail(id: string): Promise<TEventDetail | null> {
  const row = await db.event.findUnique({ where: { id }, select: eventDetailSelect });
  return row ? toEventDetail(row) : null;
}
