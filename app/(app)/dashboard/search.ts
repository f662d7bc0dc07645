import { ZDashboardQuery, type TDashboardQuery } from "@/lib/dashboard/schema";

/**
 * The dashboard's URL parameters, parsed. A bad value never breaks the page:
 * the defaults are used, and each problem is reported against its field.
 */
export function parseDashboardSearch(sp: Record<string, string | string[] | undefined>): {
  query: TDashboardQuery;
  errors: Record<string, string>;
  raw: Record<string, string>;
} {
  const raw = Object.fromEntries(
    Object.entries(sp).filter(
      (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
    ),
  );
  const parsed = ZDashboardQuery.safeParse(raw);
  if (parsed.success) return { query: parsed.data, errors: {}, raw };
  const errors: Record<string, string> = {};
  for (const i of parsed.error.issues) errors[String(i.path[0] ?? "period")] ??= i.message;
  // Keep what was valid (e.g. the workflow) and drop only the broken parts.
  const keep = { ...raw };
  for (const k of Object.keys(errors)) delete keep[k];
  if (errors.from || errors.to) {
    delete keep.period;
    delete keep.from;
    delete keep.to;
  }
  const fallback = ZDashboardQuery.safeParse(keep);
  return {
    query: fallback.success ? fallback.data : ZDashboardQuery.parse({}),
    errors,
    raw,
  };
}
