import { AppError, type TErrorCode } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { addRejectionCounts, type TRejectionRow } from "./mutations";

/**
 * Refused deliveries are counted, not stored (DESIGN: a flood of bad requests
 * must not grow the database or cost a write each). Counts are summed in
 * memory per source, reason and UTC day and written every couple of seconds
 * with one upsert per sum. A crash loses at most that window of counts —
 * never an accepted event.
 */
export const REJECTION_FLUSH_MS = 2_000;

const pending = new Map<string, TRejectionRow>();
let timer: ReturnType<typeof setTimeout> | null = null;
let flushing: Promise<void> | null = null;

function utcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

function add(row: TRejectionRow) {
  const k = `${row.sourceId}\u0000${row.reason}\u0000${row.day.getTime()}`;
  const prior = pending.get(k);
  if (prior) {
    prior.count += row.count;
    if (row.lastAt > prior.lastAt) prior.lastAt = row.lastAt;
  } else {
    pending.set(k, { ...row });
  }
  if (!timer) {
    timer = setTimeout(() => void flushRejectionCounts(), REJECTION_FLUSH_MS);
    // Counting must never keep a process alive on its own.
    timer.unref?.();
  }
}

/** Counts one refused delivery for a source (written at the next flush). */
export function countRejection(sourceId: string, reason: TErrorCode, at = new Date()): void {
  add({ sourceId, reason, day: utcDay(at), count: 1, lastAt: at });
}

/** Writes the counts gathered so far (called by the timer; tests and shutdown may call it). */
export async function flushRejectionCounts(): Promise<void> {
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
  // One flush at a time: whoever awaits this sees every count made before the
  // call written, including those a timer flush is writing right now.
  while (flushing) await flushing;
  const rows = [...pending.values()];
  pending.clear();
  if (rows.length === 0) return;
  flushing = (async () => {
    try {
      const failed = await addRejectionCounts(rows);
      for (const row of failed) add(row);
    } catch (err) {
      logger.warn({ err }, "rejection counts not written; retrying at the next flush");
      for (const row of rows) add(row);
    }
  })();
  try {
    await flushing;
  } finally {
    flushing = null;
  }
}

/**
 * The error for a refused delivery of a known source: counted, logged at
 * warn with the source key and reason (never the body), then thrown by the caller.
 */
export function rejectDelivery(
  source: { id: string; key: string },
  code: TErrorCode,
  message: string,
  extra: { details?: Record<string, unknown>; requestId?: string } = {},
): AppError {
  countRejection(source.id, code);
  logger.warn(
    { sourceKey: source.key, reason: code, detail: message, requestId: extra.requestId },
    "ingest: delivery refused",
  );
  return new AppError({ code, message, details: extra.details });
}
