/**
 * A person's state for taking new work, as the engine's eligibility test sees
 * it (lib/engine/plan/assign/eligibility.ts): deactivated, marked unavailable, out of
 * office now (either bound may be open; both inclusive), out of office later, or
 * available. Pure, so pages and components show the same words.
 */
export type TAvailability =
  | { state: "deactivated" }
  | { state: "unavailable" }
  | { state: "out_of_office"; until: Date | null }
  | { state: "away_later"; from: Date; until: Date | null }
  | { state: "available" };

type TDateLike = Date | string | null | undefined;

const toDate = (v: TDateLike) => (v ? new Date(v) : null);

export function availabilityOf(
  u: {
    active: boolean;
    available: boolean;
    outOfOfficeFrom?: TDateLike;
    outOfOfficeUntil?: TDateLike;
  },
  now: Date,
): TAvailability {
  if (!u.active) return { state: "deactivated" };
  if (!u.available) return { state: "unavailable" };
  const from = toDate(u.outOfOfficeFrom);
  const until = toDate(u.outOfOfficeUntil);
  if (from || until) {
    const started = !from || from.getTime() <= now.getTime();
    const ended = until !== null && until.getTime() < now.getTime();
    if (started && !ended) return { state: "out_of_office", until };
    if (!started && from) return { state: "away_later", from, until };
  }
  return { state: "available" };
}
