import { AppError, type TErrorCode } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { addRejectionCounts, type TRejectionRow } from "./mutations";

/**
 * Refused deliveries are counted, not stored (DESIGN: a flood of bad requests
 * must not grow the database or cost a write each). Counts are summed in
 * memory per source, reason and UTC hour and written every couple of seconds
 * with one upsert per sum (the day's row per reason, and the hour's total
 * the channel monitor reads: lib/channels). A crash loses at most that window of counts —
 * never an accepted event.
 */
export const REJECTION_FLUSH_MS = 2_000;

const pending = new Map<string, TRejectionRow>();
let timer: ReturnType<typeof setTimeout> | null = null;
let flushing: Promise<void> | null = null;

function utcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

function utcHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}

function add(row: TRejectionRow) {
  const k = `${row.sourceId}\u0000${row.reason}\u0000${row.hour.getTime()}`;
  const prior = pending.get(k);
  if (prior) {
    prior.count += row.count;
    if (row.lastAt >= prior.lastAt) {
      prior.lastAt = row.lastAt;
      if (row.lastMessage) prior.lastMessage = row.lastMessage;
    }
  } else {
    pending.set(k, { ...row });
  }
  if (!timer) {
    timer = setTimeout(() => void flushRejectionCounts(), REJECTION_FLUSH_MS);
    // Counting must never keep a process alive on its own.
    timer.unref?.();
  }
}

const MAX_MESSAGE = 300;
// A long unbroken run of key-like characters with a digit in it: a token, a
// secret, a signature. Messages are written to say which check failed
// without one; this is the second line of defence for what a sender echoed.
const KEY_LIKE = /[A-Za-z0-9+/_=-]{32,}/g;

/**
 * A refusal's message as stored for the source page: one line, bounded, with
 * anything that looks like a key or a signature masked.
 */
export function safeRejectionMessage(message: string): string {
  const line = message
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(KEY_LIKE, (run) => (/\d/.test(run) && /[A-Za-z]/.test(run) ? "[redacted]" : run))
    .trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

/**
 * Counts one refused delivery for a source (written at the next flush), with
 * the refusal's message kept as the latest for its reason and day.
 */
export function countRejection(
  sourceId: string,
  reason: TErrorCode,
  at = new Date(),
  message?: string,
): void {
  add({
    sourceId,
    reason,
    day: utcDay(at),
    hour: utcHour(at),
    count: 1,
    lastAt: at,
    ...(message ? { lastMessage: safeRejectionMessage(message) } : {}),
  });
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
 * The error for a refused delivery of a known source: counted (with its
 * message, shown on the source page as the latest refusal), logged at warn
 * with the source key and reason (never the body), then thrown by the caller.
 */
export function rejectDelivery(
  source: { id: string; key: string },
  code: TErrorCode,
  message: string,
  extra: { details?: Record<string, unknown>; requestId?: string } = {},
): AppError {
  countRejection(source.id, code, new Date(), message);
  logger.warn(
    { sourceKey: source.key, reason: code, detail: message, requestId: extra.requestId },
    "ingest: delivery refused",
  );
  return new AppError({ code, message, details: extra.details });
}
