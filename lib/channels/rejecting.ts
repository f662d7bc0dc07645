import { HOUR_MS, type TArrivalHour } from "./quiet/model";

/**
 * Is a source being refused far more than usual (a rotated secret, a changed
 * form, a sender over the size limit)? Pure. The last 60 minutes (the current
 * hour plus the share of the previous one still inside them) against the
 * source's own rejections per hour over the 7 days before:
 *
 * - storm: at least max(10, 5 × baseline + 5) refused, and refused at least
 *   as often as accepted (≥ 50 % of deliveries);
 * - over: fewer than max(5, 2.5 × baseline) refused in the last 60 minutes
 *   (a gap below the trigger, so a storm hovering at the line does not open
 *   and close the alarm every minute).
 */
export type TRejectingVerdict = {
  storm: boolean;
  over: boolean;
  rejected: number;
  accepted: number;
  baselinePerHour: number;
  threshold: number;
};

export function evaluateRejecting(
  history: readonly TArrivalHour[],
  now: number,
): TRejectingVerdict {
  const current = Math.floor(now / HOUR_MS) * HOUR_MS;
  const previous = current - HOUR_MS;
  const share = 1 - (now - current) / HOUR_MS;
  let rejected = 0;
  let accepted = 0;
  let past = 0;
  for (const h of history) {
    if (h.hourStart === current) {
      rejected += h.rejected;
      accepted += h.accepted;
    } else if (h.hourStart === previous) {
      rejected += h.rejected * share;
      accepted += h.accepted * share;
    } else if (h.hourStart < previous && h.hourStart >= previous - 7 * 24 * HOUR_MS) {
      past += h.rejected;
    }
  }
  const baselinePerHour = past / (7 * 24);
  const threshold = Math.max(10, 5 * baselinePerHour + 5);
  rejected = Math.round(rejected);
  accepted = Math.round(accepted);
  return {
    storm: rejected >= threshold && rejected >= accepted,
    over: rejected < Math.max(5, 2.5 * baselinePerHour),
    rejected,
    accepted,
    baselinePerHour: Math.round(baselinePerHour * 100) / 100,
    threshold: Math.ceil(threshold),
  };
}
