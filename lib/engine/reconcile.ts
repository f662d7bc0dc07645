import "server-only";
import { stuckEventException } from "./plan/timer-exceptions";
import { findStuckEvents, flagStuckEvent } from "./store/stuck-events";

/**
 * Nothing may sit silently: an event still without an outcome (received or
 * mid-processing) past its deadline gets a STUCK exception a person can
 * replay. Returns how many it flagged.
 */
export async function reconcileStuckEvents(now = new Date(), limit = 200): Promise<number> {
  let flagged = 0;
  for (const e of await findStuckEvents(now, limit)) {
    if (await flagStuckEvent(e, now, (job) => stuckEventException(e, job, now))) flagged += 1;
  }
  return flagged;
}
