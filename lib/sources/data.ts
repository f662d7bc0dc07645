import "server-only";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { sortRows, type TDir } from "@/lib/server/search-params";
import { SOURCE_SORTS, type TSourceSort } from "./schema";
import { checkEventsAgainstContract, type TContractCheckResult } from "./check-contract";

/** A source as the API and pages show it: never its signing secrets. */
export const sourceSelect = {
  id: true,
  key: true,
  name: true,
  description: true,
  contract: true,
  identityMapping: true,
  fieldMapping: true,
  maxBodyBytes: true,
  active: true,
  acceptsEmail: true,
  /** The verification preset and its options (never a secret: those live in signingSecret). */
  verification: true,
  verificationConfig: true,
  previousSecretExpiresAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.SourceSelect;

export type TSourceRow = Prisma.SourceGetPayload<{ select: typeof sourceSelect }>;

export type TRejectionByReason = {
  reason: string;
  count: number;
  lastAt: Date | null;
  /** The latest refusal's message for this reason (which check failed; never a secret). */
  lastMessage?: string | null;
};

/**
 * Sources with accepted and rejected delivery counts (never the signing
 * secret), the rejections split by reason (INVALID_SIGNATURE, PAYLOAD_TOO_LARGE…)
 * so an admin can tell a sender with a wrong secret from one sending too much.
 */
export async function findSources(opts: { sort?: TSourceSort | null; dir?: TDir | null } = {}) {
  const [sources, accepted, rejected] = await Promise.all([
    db.source.findMany({
      select: {
        id: true,
        key: true,
        name: true,
        description: true,
        active: true,
        maxBodyBytes: true,
        verification: true,
        previousSecretExpiresAt: true,
        createdAt: true,
      },
      orderBy: { name: "asc" },
    }),
    db.event.groupBy({ by: ["sourceId"], _count: { _all: true } }),
    db.sourceRejectionCount.groupBy({
      by: ["sourceId", "reason"],
      _sum: { count: true },
      _max: { lastAt: true },
    }),
  ]);
  const acc = new Map(accepted.map((a) => [a.sourceId, a._count._all]));
  const byReason = new Map<string, TRejectionByReason[]>();
  for (const r of rejected) {
    const list = byReason.get(r.sourceId) ?? [];
    list.push({ reason: r.reason, count: r._sum.count ?? 0, lastAt: r._max.lastAt });
    byReason.set(r.sourceId, list);
  }
  const rows = sources.map((s) => {
    const reasons = (byReason.get(s.id) ?? []).sort((a, b) => b.count - a.count);
    return {
      ...s,
      accepted: acc.get(s.id) ?? 0,
      rejected: reasons.reduce((sum, r) => sum + r.count, 0),
      rejectedByReason: reasons,
    };
  });
  // The counts are aggregates, so the order is applied here; the list is one
  // page (a deployment has tens of sources, not thousands).
  return sortRows(
    rows,
    { name: (r) => r.name, accepted: (r) => r.accepted, rejected: (r) => r.rejected },
    SOURCE_SORTS,
    opts.sort,
    opts.dir,
  );
}

/** One source by key (never its secrets), or null. */
export async function getSourceByKey(key: string): Promise<TSourceRow | null> {
  return db.source.findUnique({ where: { key }, select: sourceSelect });
}

const DAY_MS = 86_400_000;
export const OVERVIEW_DAYS = 7;
const RECENT_EVENTS = 25;

function utcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/**
 * One source for its page and `GET /api/v1/sources/{key}` (never a secret):
 * accepted events and rejected deliveries per UTC day for the last 7 days,
 * rejections by reason (all time and in the window), the last rejection,
 * events by status, and the most recent events. Null when there is no such key.
 */
export async function getSourceDetail(key: string, now = new Date()) {
  const source = await getSourceByKey(key);
  if (!source) return null;
  const today = utcDay(now);
  const days = Array.from(
    { length: OVERVIEW_DAYS },
    (_, i) => new Date(today.getTime() - (OVERVIEW_DAYS - 1 - i) * DAY_MS),
  );
  const since = days[0];
  const [perDay, total, byStatus, rejections, recent] = await Promise.all([
    // One count per day on (sourceId, receivedAt): portable across SQLite and
    // PostgreSQL, and never loads the events themselves.
    Promise.all(
      days.map((day) =>
        db.event.count({
          where: {
            sourceId: source.id,
            receivedAt: { gte: day, lt: new Date(day.getTime() + DAY_MS) },
          },
        }),
      ),
    ),
    db.event.count({ where: { sourceId: source.id } }),
    db.event.groupBy({ by: ["status"], where: { sourceId: source.id }, _count: { _all: true } }),
    db.sourceRejectionCount.findMany({
      where: { sourceId: source.id },
      select: { reason: true, day: true, count: true, lastAt: true, lastMessage: true },
    }),
    db.event.findMany({
      where: { sourceId: source.id },
      select: { id: true, idempotencyKey: true, status: true, receivedAt: true },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: RECENT_EVENTS,
    }),
  ]);
  const reasons = new Map<string, TRejectionByReason & { lastWeek: number }>();
  let lastRejectedAt: Date | null = null;
  const rejectedPerDay = days.map(() => 0);
  for (const r of rejections) {
    const entry = reasons.get(r.reason) ?? {
      reason: r.reason,
      count: 0,
      lastWeek: 0,
      lastAt: null,
      lastMessage: null,
    };
    entry.count += r.count;
    if (!entry.lastAt || r.lastAt > entry.lastAt) {
      entry.lastAt = r.lastAt;
      entry.lastMessage = r.lastMessage ?? entry.lastMessage ?? null;
    }
    if (!lastRejectedAt || r.lastAt > lastRejectedAt) lastRejectedAt = r.lastAt;
    const i = days.findIndex((d) => d.getTime() === utcDay(r.day).getTime());
    if (i >= 0) {
      rejectedPerDay[i] += r.count;
      entry.lastWeek += r.count;
    }
    reasons.set(r.reason, entry);
  }
  const rejectedByReason = [...reasons.values()].sort((a, b) => b.count - a.count);
  return {
    ...source,
    signedAddress: signedAddressOf(source),
    accepted: total,
    rejected: rejectedByReason.reduce((n, r) => n + r.count, 0),
    rejectedByReason,
    lastRejectedAt,
    eventsByStatus: Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])),
    days: days.map((day, i) => ({
      day: day.toISOString().slice(0, 10),
      accepted: perDay[i],
      rejected: rejectedPerDay[i],
    })),
    since,
    recentEvents: recent,
  };
}

/**
 * The address a URL-signing preset (HubSpot v3, Twilio) checks signatures
 * against, and where it comes from: the source's own `publicUrl`, else
 * BATON_PUBLIC_URL + the events path, else whatever address the request
 * arrived at (`from: "request"`, url null). Null for presets that sign no URL.
 */
export function signedAddressOf(source: {
  key: string;
  verification: string;
  verificationConfig: unknown;
}): { url: string | null; from: "source" | "BATON_PUBLIC_URL" | "request" } | null {
  if (source.verification !== "hubspot-v3" && source.verification !== "twilio") return null;
  const own = (source.verificationConfig as { publicUrl?: unknown } | null)?.publicUrl;
  if (typeof own === "string" && own) return { url: own, from: "source" };
  const base = env.BATON_PUBLIC_URL;
  if (base) {
    return {
      url: `${base.replace(/\/+$/, "")}/api/v1/sources/${source.key}/events`,
      from: "BATON_PUBLIC_URL",
    };
  }
  return { url: null, from: "request" };
}

export type TSourceDetail = NonNullable<Awaited<ReturnType<typeof getSourceDetail>>>;

/** The last `limit` events of a source, newest first, with their raw bodies (for the contract check). */
export async function findRecentEventBodies(sourceId: string, limit: number) {
  return db.event.findMany({
    where: { sourceId },
    select: { id: true, receivedAt: true, payload: true },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}

/**
 * Tries a candidate contract on the source's last `limit` events (newest
 * first), before it is saved: which would now fail, with the field paths.
 */
export async function checkSourceContract(
  source: { id: string; contract: unknown },
  candidate: unknown,
  limit: number,
): Promise<TContractCheckResult> {
  const events = await findRecentEventBodies(source.id, limit);
  return checkEventsAgainstContract(candidate, source.contract, events);
}
