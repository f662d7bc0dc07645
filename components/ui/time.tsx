/** Relative time ("in 12 min", "3 h ago") rendered on the server from a fixed `now`. */
export function relativeTime(date: Date | string | null | undefined, now = new Date()): string {
  if (!date) return "—";
  const d = typeof date === "string" ? new Date(date) : date;
  const diff = d.getTime() - now.getTime();
  const abs = Math.abs(diff);
  const units: [number, string][] = [
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "min"],
  ];
  let text = "just now";
  for (const [ms, label] of units) {
    if (abs >= ms) {
      text = `${Math.floor(abs / ms)} ${label}`;
      break;
    }
  }
  if (text === "just now") return text;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

export function formatDateTime(date: Date | string | null | undefined): string {
  if (!date) return "—";
  const d = typeof date === "string" ? new Date(date) : date;
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function Time({ value, now }: { value: Date | string | null | undefined; now?: Date }) {
  if (!value) return <span className="text-slate-500">—</span>;
  const iso = typeof value === "string" ? value : value.toISOString();
  return (
    <time dateTime={iso} title={formatDateTime(value)} className="whitespace-nowrap">
      {relativeTime(value, now)}
    </time>
  );
}
