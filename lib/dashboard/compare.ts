import { HEADLINES, type TCompared, type THeadline } from "./figures";
import { delta } from "./metrics";

/** Headline figures of two ranges side by side, each with its delta judged by its better direction. */
export function compareHeadlines(
  current: Record<THeadline, number | null>,
  previous: Record<THeadline, number | null>,
): Record<THeadline, TCompared> {
  return Object.fromEntries(
    (Object.keys(HEADLINES) as THeadline[]).map((k) => [
      k,
      {
        value: current[k],
        previous: previous[k],
        delta: delta(current[k], previous[k], HEADLINES[k].better),
      },
    ]),
  ) as Record<THeadline, TCompared>;
}
