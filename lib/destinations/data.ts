import "server-only";
import { db } from "@/lib/server/db";
import { isSaneDate } from "@/lib/server/date-range";
import { AppError } from "@/lib/server/errors";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { sortRows, type TDir } from "@/lib/server/search-params";
import { DESTINATION_SORTS, type TDestinationSort } from "./schema";
import { TEST_KEY_PREFIX } from "./test-delivery";

/** A destination as the API and pages show it: never its signing secret. */
export const destinationSelect = {
  id: true,
  key: true,
  name: true,
  kind: true,
  url: true,
  timeoutMs: true,
  maxAttempts: true,
  backoffBaseMs: true,
  active: true,
  circuitState: true,
  circuitOpenedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.DestinationSelect;

export type TDestinationRow = Prisma.DestinationGetPayload<{ select: typeof destinationSelect }>;

export const deliverySelect = {
  id: true,
  eventId: true,
  handoffId: true,
  idempotencyKey: true,
  attempt: true,
  status: true,
  httpStatus: true,
  durationMs: true,
  responseExcerpt: true,
  error: true,
  createdAt: true,
} satisfies Prisma.DeliverySelect;

const NOT_TEST = { NOT: { idempotencyKey: { startsWith: TEST_KEY_PREFIX } } };

/** Destinations with their circuit state and delivery outcomes (never the signing secret; test deliveries left out). */
export async function findDestinations(
  opts: { sort?: TDestinationSort | null; dir?: TDir | null } = {},
) {
  const [destinations, outcomes] = await Promise.all([
    db.destination.findMany({ select: destinationSelect, orderBy: { name: "asc" } }),
    db.delivery.groupBy({
      by: ["destinationId", "status"],
      where: NOT_TEST,
      _count: { _all: true },
    }),
  ]);
  const rows = destinations.map((d) => {
    const mine = outcomes.filter((o) => o.destinationId === d.id);
    const total = mine.reduce((n, o) => n + o._count._all, 0);
    const ok = mine.find((o) => o.status === "SUCCEEDED")?._count._all ?? 0;
    return { ...d, attempts: total, succeeded: ok };
  });
  // Worst first when sorted by health: an open circuit, then the lowest success rate.
  const CIRCUIT_ORDER: Record<string, number> = { OPEN: 0, HALF_OPEN: 1, CLOSED: 2 };
  return sortRows(
    rows,
    {
      name: (r) => r.name,
      circuit: (r) => CIRCUIT_ORDER[r.circuitState] ?? 3,
      success: (r) => (r.attempts ? r.succeeded / r.attempts : null),
    },
    DESTINATION_SORTS,
    opts.sort,
    opts.dir,
  );
}

/** One destination by key (never its secret), or null. */
export async function getDestinationByKey(key: string): Promise<TDestinationRow | null> {
  return db.destination.findUnique({ where: { key }, select: destinationSelect });
}

/** Like getDestinationByKey, but a missing key is a 404. */
export async function requireDestination(key: string): Promise<TDestinationRow> {
  const d = await getDestinationByKey(key);
  if (!d) throw new AppError({ code: "NOT_FOUND", message: "No such destination" });
  return d;
}

const STREAK_LOOKBACK = 100;

/**
 * One destination for its page and `GET /api/v1/destinations/{key}`: its
 * settings and circuit, the real (non-test) delivery attempts that failed in
 * a row since the last success (counted from the Delivery rows, at most 100),
 * and outcome totals. Null when there is no such key.
 */
export async function getDestinationDetail(key: string) {
  const destination = await getDestinationByKey(key);
  if (!destination) return null;
  const [latest, outcomes] = await Promise.all([
    db.delivery.findMany({
      where: { destinationId: destination.id, ...NOT_TEST },
      select: { status: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: STREAK_LOOKBACK,
    }),
    db.delivery.groupBy({
      by: ["status"],
      where: { destinationId: destination.id, ...NOT_TEST },
      _count: { _all: true },
    }),
  ]);
  const firstOk = latest.findIndex((d) => d.status === "SUCCEEDED");
  const failedInARow = (firstOk === -1 ? latest : latest.slice(0, firstOk)).filter(
    (d) => d.status !== "CIRCUIT_OPEN",
  ).length;
  return {
    ...destination,
    consecutiveFailures: failedInARow,
    deliveriesByStatus: Object.fromEntries(outcomes.map((o) => [o.status, o._count._all])),
  };
}

export type TDestinationDetail = NonNullable<Awaited<ReturnType<typeof getDestinationDetail>>>;

function encodeCursor(d: { createdAt: Date; id: string }) {
  return Buffer.from(`${d.createdAt.toISOString()}|${d.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (!id || !isSaneDate(createdAt)) {
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: "Invalid cursor: pass nextCursor from the previous page",
      details: { errors: { cursor: ["Invalid cursor"] } },
    });
  }
  return { createdAt, id };
}

/**
 * A destination's delivery attempts (test deliveries included, marked by
 * their `test:` key), newest first: `{ data, nextCursor }`.
 */
export async function findDeliveries(
  destinationId: string,
  opts: { cursor?: string; limit: number },
) {
  const after = opts.cursor ? decodeCursor(opts.cursor) : null;
  const rows = await db.delivery.findMany({
    where: {
      destinationId,
      ...(after
        ? {
            OR: [
              { createdAt: { lt: after.createdAt } },
              { createdAt: after.createdAt, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    select: deliverySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
  });
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    data: page.map((d) => ({ ...d, test: d.idempotencyKey.startsWith(TEST_KEY_PREFIX) })),
    nextCursor: rows.length > opts.limit && last ? encodeCursor(last) : null,
  };
}
