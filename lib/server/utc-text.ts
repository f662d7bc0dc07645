/**
 * An instant as people read it in a sentence: "2026-12-08 05:34 UTC" (minute
 * precision, no "T" or "Z"). The one format of times inside stored texts —
 * decision summaries, exception details, alarms — which the console shows as
 * they are, so they must read like the times it formats itself.
 */
export function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
