import "server-only";
import { db } from "@/lib/server/db";
import {
  firstActionTimes,
  openByReasonByDay,
  openedByReason,
  replays,
} from "./store/exception-figures";
import { acceptTimes, breachRate, coverageByDay, unansweredByDay } from "./store/handoff-figures";
import { figureLinks } from "./links";
import { compareHeadlines } from "./compare";
import { mean } from "./metrics";
import { resolvePeriod, type TRange } from "./period";
import type { TDashboardQuery } from "./schema";

/** Every figure for one range (the period, or the previous one). */
export async function loadRangeFigures(range: TRange, now: Date, workflowId?: string) {
  const [unanswered, accept, breach, coverage, open, opened, firstAction, replay] =
    await Promise.all([
      unansweredByDay(range, workflowId),
      acceptTimes(range, workflowId),
      breachRate(range, now, workflowId),
      coverageByDay(range, workflowId),
      openByReasonByDay(range, workflowId),
      openedByReason(range, workflowId),
      firstActionTimes(range, workflowId),
      replays(range, workflowId),
    ]);
  const last = open[open.length - 1];
  return {
    unanswered,
    accept,
    breach,
    coverage,
    open,
    opened,
    firstAction,
    replay,
    headline: {
      unansweredAvg: mean(unanswered.map((d) => d.count)),
      acceptP50: accept.p50,
      acceptP95: accept.p95,
      firstActionP50: firstAction.p50,
      breachRate: breach.rate,
      openAtEnd: last ? last.total : 0,
      deadLettersAtEnd: last ? (last.byReason.DEAD_LETTER ?? 0) : 0,
      exceptionsOpened: [...opened.values()].reduce((a, b) => a + b, 0),
      replaySuccess: replay.successRate,
      coverage: coverage.rate,
    },
  };
}

/**
 * Open handoffs (pending or accepted) per person against their capacity,
 * with availability and out-of-office, for everyone who owns open work or
 * belongs to a team. Load is across all workflows: capacity is per person.
 */
export async function findOwnerLoad(now: Date) {
  const [open, users] = await Promise.all([
    db.handoff.groupBy({
      by: ["ownerId"],
      where: { state: { in: ["PENDING", "ACCEPTED"] }, ownerId: { not: null } },
      _count: { _all: true },
    }),
    db.user.findMany({
      where: { active: true },
      select: {
        id: true,
        name: true,
        role: true,
        capacity: true,
        available: true,
        outOfOfficeFrom: true,
        outOfOfficeUntil: true,
        team: { select: { name: true } },
      },
      orderBy: { name: "asc" },
    }),
  ]);
  const counts = new Map(open.map((o) => [o.ownerId, o._count._all]));
  return users
    .filter((u) => counts.has(u.id) || (u.team && u.role !== "ADMIN"))
    .map((u) => {
      const openCount = counts.get(u.id) ?? 0;
      const ooo =
        !!u.outOfOfficeFrom &&
        u.outOfOfficeFrom <= now &&
        (!u.outOfOfficeUntil || u.outOfOfficeUntil > now);
      return {
        id: u.id,
        name: u.name,
        team: u.team?.name ?? null,
        open: openCount,
        capacity: u.capacity,
        utilisation: u.capacity > 0 ? openCount / u.capacity : null,
        available: u.available && !ooo,
        outOfOffice: ooo ? { until: u.outOfOfficeUntil } : null,
      };
    })
    .sort((a, b) => (b.utilisation ?? 0) - (a.utilisation ?? 0) || a.name.localeCompare(b.name));
}

/** The round-robin ledger per team: who was assigned how often, adjustments and weights. */
export async function findLedger() {
  const rows = await db.roundRobinLedger.findMany({
    select: {
      assignedCount: true,
      adjustment: true,
      weight: true,
      lastAssignedAt: true,
      team: { select: { id: true, name: true } },
      user: { select: { id: true, name: true, active: true } },
    },
  });
  const teams = new Map<string, { team: { id: string; name: string }; members: typeof rows }>();
  for (const r of rows) {
    const t = teams.get(r.team.id) ?? { team: r.team, members: [] };
    t.members.push(r);
    teams.set(r.team.id, t);
  }
  return [...teams.values()]
    .sort((a, b) => a.team.name.localeCompare(b.team.name))
    .map((t) => ({
      team: t.team,
      members: t.members
        .map((m) => ({
          userId: m.user.id,
          name: m.user.name,
          active: m.user.active,
          assigned: m.assignedCount,
          adjustment: m.adjustment,
          weight: m.weight,
          // What round-robin compares: (assigned + adjustment) / weight, lowest goes next.
          effective: (m.assignedCount + m.adjustment) / Math.max(1, m.weight),
          lastAssignedAt: m.lastAssignedAt,
        }))
        .sort((a, b) => a.effective - b.effective || a.name.localeCompare(b.name)),
    }));
}

/**
 * Everything the dashboard shows for a parsed query at `now`: the period and
 * the previous one, per-day series, headline figures with deltas, owner load
 * and the ledger. An unknown workflow id answers null (the page says so).
 */
export async function loadDashboard(query: TDashboardQuery, now = new Date()) {
  const period = resolvePeriod({
    preset: query.period,
    tz: query.tz,
    now,
    fromDay: query.from,
    toDay: query.to,
  });
  const workflows = await db.workflow.findMany({
    select: { id: true, name: true, sourceId: true },
    orderBy: { name: "asc" },
  });
  const workflow = query.workflowId ? workflows.find((w) => w.id === query.workflowId) : null;
  if (query.workflowId && !workflow) return null;
  const wid = workflow?.id;
  const [current, previous, load, ledger] = await Promise.all([
    loadRangeFigures(period, now, wid),
    loadRangeFigures(period.previous, now, wid),
    findOwnerLoad(now),
    findLedger(),
  ]);
  return {
    period,
    workflows,
    workflow: workflow ?? null,
    current,
    previous,
    headline: compareHeadlines(current.headline, previous.headline),
    links: figureLinks({
      workflowId: wid,
      sourceId: workflow?.sourceId,
      range: { from: period.from, to: period.to },
    }),
    load,
    ledger,
  };
}
export type TDashboard = NonNullable<Awaited<ReturnType<typeof loadDashboard>>>;
