import type { TDirectory } from "@/lib/engine/plan/types";
import type { TSimOutcome } from "./simulate";

export const CHANGED_LIST_LIMIT = 200;

type TCount = { id: string; name: string; count: number };

/** How one side (published or draft) would have routed the window's events. */
export type TBacktestSide = {
  label: string;
  /** null: nothing published, so every event would have had no route. */
  version: number | null;
  total: number;
  handoffs: number;
  exceptions: number;
  byOwner: TCount[];
  byTeam: TCount[];
  byRule: TCount[];
  /** Exceptions by reason, each with its most common titles (the "why"). */
  exceptionsByReason: { reason: string; count: number; why: { text: string; count: number }[] }[];
};

/** An event the draft would route differently. */
export type TChangedRoute = {
  eventId: string;
  receivedAt: string;
  label: string;
  /** route: outcome, team or rule differs; owner: same team and rule, another member (round-robin turn). */
  change: "route" | "owner";
  published: string;
  draft: string;
};

export type TBacktestEvent = { id: string; receivedAt: Date; label: string };

function countBy<T>(items: T[], key: (t: T) => string | null, name: (id: string) => string) {
  const m = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m.entries()]
    .map(([id, count]) => ({ id, name: name(id), count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** One line for an outcome: "handoff → Priya (Inbound) by rule dach" or "exception NO_ROUTE: …". */
export function routeText(o: TSimOutcome, names: (id: string | null) => string | null): string {
  if (o.kind === "handoff") {
    const team = names(o.teamId);
    return `${names(o.ownerId) ?? o.ownerId}${team ? ` (${team})` : ""} · rule ${o.ruleId}`;
  }
  return `${o.reason}${o.ruleId ? ` · rule ${o.ruleId}` : ""}`;
}

/** Tallies one side of a backtest. */
export function summariseSide(
  label: string,
  version: number | null,
  outcomes: TSimOutcome[],
  directory: TDirectory,
): TBacktestSide {
  const name = nameLookup(directory);
  const handoffs = outcomes.filter((o) => o.kind === "handoff");
  const exceptions = outcomes.filter((o) => o.kind === "exception");
  const byReason = new Map<string, TSimOutcome[]>();
  for (const o of exceptions)
    byReason.set(o.reason ?? "?", [...(byReason.get(o.reason ?? "?") ?? []), o]);
  return {
    label,
    version,
    total: outcomes.length,
    handoffs: handoffs.length,
    exceptions: exceptions.length,
    byOwner: countBy(
      handoffs,
      (o) => o.ownerId,
      (id) => name(id) ?? id,
    ),
    byTeam: countBy(
      handoffs,
      (o) => o.teamId ?? "(no team)",
      (id) => name(id) ?? "No team",
    ),
    byRule: countBy(
      outcomes,
      (o) => o.ruleId ?? "(none)",
      (id) => (id === "(none)" ? "No rule matched" : id),
    ),
    exceptionsByReason: [...byReason.entries()]
      .map(([reason, list]) => ({
        reason,
        count: list.length,
        why: countBy(
          list,
          (o) => whyText(o),
          (t) => t,
        )
          .slice(0, 3)
          .map((c) => ({ text: c.id, count: c.count })),
      }))
      .sort((a, b) => b.count - a.count),
  };
}

/** The reason's explanation without the case label ("No owner available", "Missing required field: company"). */
function whyText(o: TSimOutcome): string {
  const trace = o.trace;
  if (trace?.summary) {
    const last = trace.summary.split(/;\s*/).pop() ?? trace.summary;
    return last.slice(0, 160);
  }
  return (o.detail ?? o.title ?? o.reason ?? "").slice(0, 160);
}

export function nameLookup(directory: TDirectory) {
  const names = new Map<string, string>();
  for (const t of directory.teams) names.set(t.id, t.name);
  for (const m of directory.members) names.set(m.id, m.name);
  return (id: string | null) => (id ? (names.get(id) ?? null) : null);
}

/**
 * Events whose route differs between the sides, route changes first, capped
 * for the page; with how many would newly become exceptions under the draft
 * (a handoff today) and how many exceptions the draft would hand off instead.
 */
export function changedRoutes(
  events: TBacktestEvent[],
  published: TSimOutcome[],
  draft: TSimOutcome[],
  directory: TDirectory,
) {
  const name = nameLookup(directory);
  const all: TChangedRoute[] = [];
  let newExceptions = 0;
  let resolvedExceptions = 0;
  events.forEach((e, i) => {
    const a = published[i];
    const b = draft[i];
    if (a.kind === "handoff" && b.kind === "exception") newExceptions += 1;
    if (a.kind === "exception" && b.kind === "handoff") resolvedExceptions += 1;
    const sameRoute =
      a.kind === b.kind && a.reason === b.reason && a.teamId === b.teamId && a.ruleId === b.ruleId;
    if (sameRoute && a.ownerId === b.ownerId) return;
    all.push({
      eventId: e.id,
      receivedAt: e.receivedAt.toISOString(),
      label: e.label,
      change: sameRoute ? "owner" : "route",
      published: routeText(a, name),
      draft: routeText(b, name),
    });
  });
  const routeChanges = all.filter((c) => c.change === "route").length;
  const ordered = [
    ...all.filter((c) => c.change === "route"),
    ...all.filter((c) => c.change === "owner"),
  ];
  return {
    routeChanges,
    ownerChanges: all.length - routeChanges,
    newExceptions,
    resolvedExceptions,
    list: ordered.slice(0, CHANGED_LIST_LIMIT),
    listTruncated: ordered.length > CHANGED_LIST_LIMIT,
  };
}
