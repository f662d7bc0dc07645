import { z } from "zod";
import { DATE_RANGE_MESSAGE, isSaneDate } from "@/lib/server/date-range";
import { daysBetween, isDayKey, isValidTimeZone } from "@/lib/server/calendar";
import { MAX_PERIOD_DAYS, PRESETS } from "./period";

/** "YYYY-MM-DD" that is a real calendar day. */
const ZDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2025-03-31")
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "Not a calendar date")
  .refine((d) => isSaneDate(new Date(`${d}T00:00:00Z`)), DATE_RANGE_MESSAGE);

/**
 * The dashboard's URL: `period` (today, 7d, 30d or custom with `from`/`to`
 * days, inclusive), `tz` (IANA zone the days are cut in, UTC by default) and
 * `workflowId` (one workflow; absent = all).
 */
export const ZDashboardQuery = z
  .object({
    period: z.enum(PRESETS).default("7d"),
    from: ZDay.optional(),
    to: ZDay.optional(),
    tz: z
      .string()
      .trim()
      .max(64)
      .refine(isValidTimeZone, "Unknown time zone (use an IANA name like Europe/Berlin)")
      .default("UTC"),
    workflowId: z.string().trim().min(1).max(64).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.period !== "custom") return;
    if (!q.from) ctx.addIssue({ code: "custom", path: ["from"], message: "Choose a start day" });
    if (!q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "Choose an end day" });
    if (!q.from || !q.to) return;
    // A day that is not a calendar day already has its issue; there is no span to check.
    if (!isDayKey(q.from) || !isDayKey(q.to)) return;
    const span = daysBetween(q.from, q.to);
    if (span < 0) ctx.addIssue({ code: "custom", path: ["to"], message: "End is before start" });
    else if (span + 1 > MAX_PERIOD_DAYS)
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `At most ${MAX_PERIOD_DAYS} days at once`,
      });
  });
export type TDashboardQuery = z.output<typeof ZDashboardQuery>;

/** The load table's sortable columns (`?loadSort=&loadDir=`); most loaded first by default. */
export const LOAD_SORTS = { owner: "asc", team: "asc", load: "desc" } as const satisfies Record<
  string,
  "asc" | "desc"
>;

/**
 * The list behind the reconciliation coverage figure: `within` (1h or 24h)
 * and the figure's range as instants (`from` inclusive, `to` exclusive).
 */
export const ZRecordCoverageQuery = z
  .object({
    within: z.enum(["1h", "24h"]).default("24h"),
    from: z.iso.datetime({ error: "Use an ISO instant" }),
    to: z.iso.datetime({ error: "Use an ISO instant" }),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .refine((q) => q.from < q.to, { message: "from must be before to", path: ["to"] });
