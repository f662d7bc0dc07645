import { createHash } from "node:crypto";

/**
 * Whether an automatic decision is sampled for a person's spot-check: a hash
 * of the workflow and event ids mapped onto [0, 1), below the share. The same
 * event always samples the same way (a replay is checked again only if it was
 * the first time), and no random state is shared between workers.
 */
export function isSpotChecked(workflowId: string, eventId: string, share: number): boolean {
  if (share <= 0) return false;
  if (share >= 1) return true;
  return spotCheckPoint(workflowId, eventId) < share;
}

/** The event's point in [0, 1): the first 48 bits of SHA-256(workflowId:eventId). */
export function spotCheckPoint(workflowId: string, eventId: string): number {
  const hex = createHash("sha256").update(`${workflowId}:${eventId}`).digest("hex").slice(0, 12);
  return parseInt(hex, 16) / 2 ** 48;
}

/** The start of the UTC hour a decision counts toward. */
export function utcHour(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}
