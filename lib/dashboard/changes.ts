import { HEADLINES, type TCompared, type THeadline } from "./figures";
import { formatChange, formatFigure } from "./format";

export type TChange = { key: THeadline; tone: "good" | "bad"; sentence: string; weight: number };

/**
 * The biggest moves between two periods, as plain sentences, biggest first:
 * "SLA breach rate rose from 12 % to 20 % (+8 pts), worse." Figures with no
 * change or nothing to compare are left out. Size is the relative change; a
 * figure that moved away from zero ranks above any relative change.
 */
export function notableChanges(compared: Record<THeadline, TCompared>, limit = 5): TChange[] {
  const out: TChange[] = [];
  for (const key of Object.keys(HEADLINES) as THeadline[]) {
    const c = compared[key];
    const { change, relative, tone } = c.delta;
    if (change === null || change === 0 || tone === "neutral") continue;
    const h = HEADLINES[key];
    const verb = change > 0 ? "rose" : "fell";
    const sentence =
      `${h.label} ${verb} from ${formatFigure(h.kind, c.previous)} to ${formatFigure(h.kind, c.value)}` +
      ` (${formatChange(h.kind, change)}), ${tone === "good" ? "better" : "worse"}.`;
    out.push({ key, tone, sentence, weight: relative === null ? Infinity : Math.abs(relative) });
  }
  return out.sort((a, b) => b.weight - a.weight).slice(0, limit);
}
