/** How the dashboard writes its figures. Pure; shared by pages, charts and sentences. */

export type TFigureKind = "count" | "mean" | "duration" | "rate";

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

export function formatRate(r: number | null): string {
  return r === null ? "—" : `${(r * 100).toFixed(r > 0 && r < 0.1 ? 1 : 0)} %`;
}

export function formatFigure(kind: TFigureKind, v: number | null): string {
  if (v === null) return "—";
  if (kind === "duration") return formatDuration(v);
  if (kind === "rate") return formatRate(v);
  if (kind === "mean") return v.toFixed(1).replace(/\.0$/, "");
  return String(Math.round(v));
}

/** The change written for a person: "+3", "−12 min", "+4.5 pts" (rates move in percentage points). */
export function formatChange(kind: TFigureKind, change: number | null): string {
  if (change === null) return "no comparison";
  if (change === 0) return "no change";
  const sign = change > 0 ? "+" : "−";
  const abs = Math.abs(change);
  if (kind === "rate") return `${sign}${(abs * 100).toFixed(1).replace(/\.0$/, "")} pts`;
  return `${sign}${formatFigure(kind, abs)}`;
}

/** A precision to one decimal, rounded down (99.96 % is "99.9 %", never a 100 % it is not). */
export function formatPrecision(r: number | null): string {
  return r === null ? "—" : `${(Math.floor(r * 1000) / 10).toFixed(1)} %`;
}
