import { EXCEPTION_SLA_MS } from "@/lib/exception-model/build-rows";
import { isSaneDate } from "@/lib/server/date-range";
import { AppError } from "@/lib/server/errors";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { EXCEPTION_REASONS } from "@/lib/exception-model/allowed-actions";
import { EXCEPTION_SORT_DIRS, type TExceptionFilter, type TExceptionSort } from "../schema";

/**
 * The queue's filters, sort and cursor as Prisma arguments. No I/O: data.ts
 * runs the queries. Every clause is added only when its filter is set, so no
 * `undefined` ever reaches a where.
 */

type TWhere = Prisma.ExceptionWhereInput;

/**
 * "Due soon" in the database: an exception's window is EXCEPTION_SLA_MS, so
 * slaState's "less than a quarter of the window or 15 minutes left" is a fixed
 * span before dueAt. (slaState itself, used for each row, stays exact.)
 */
export const DUE_SOON_MS = Math.max(15 * 60_000, EXCEPTION_SLA_MS / 4);

type TStatus = "OPEN" | "ESCALATED" | "REPLAYING" | "RESOLVED";
const STATUSES: readonly TStatus[] = ["OPEN", "ESCALATED", "REPLAYING", "RESOLVED"];

/**
 * The statuses a status filter stands for: "open" is everything not resolved
 * (OPEN, ESCALATED, and REPLAYING, which stays in sight until its replay is
 * verified or fails back to OPEN).
 */
export function statusValues(status: TExceptionFilter["status"] | undefined): TStatus[] {
  if (status === undefined || status === "open") return ["OPEN", "ESCALATED", "REPLAYING"];
  if (status === "resolved") return ["RESOLVED"];
  if (status === "all") return [...STATUSES];
  return [status];
}

/**
 * Several statuses as one clause. "Not the others" rather than `IN`: with no
 * usable index on it, SQLite's planner (which has no statistics unless
 * ANALYZE ran) reads in the sort column's index order and stops at the page
 * end, instead of collecting and sorting every open exception.
 */
export function statusClause(statuses: readonly TStatus[]): TWhere | null {
  if (statuses.length === 1) return { status: statuses[0] };
  const others = STATUSES.filter((s) => !statuses.includes(s));
  return others.length === 0 ? null : { status: { notIn: others } };
}

/**
 * The where clauses (ANDed by the caller) for a filter, as seen by
 * `actorId`. `omitStatus` leaves the status out for callers that query one
 * status at a time (see data.ts); `sort` lets the SLA clause take the shape
 * that reads fastest for that order.
 */
export function filterClauses(
  f: Partial<TExceptionFilter>,
  actorId: string,
  now: Date,
  opts: { omitReason?: boolean; omitStatus?: boolean; sort?: TExceptionSort } = {},
): TWhere[] {
  const and: TWhere[] = [];
  const status = opts.omitStatus ? null : statusClause(statusValues(f.status));
  if (status) and.push(status);
  if (f.reason?.length && !opts.omitReason) {
    and.push(f.reason.length === 1 ? { reason: f.reason[0] } : { reason: { in: f.reason } });
  }
  if (f.workflowId) and.push({ workflowId: f.workflowId });
  if (f.sourceId) and.push({ sourceId: f.sourceId });
  if (f.ownerId) {
    and.push({ ownerId: f.ownerId === "none" ? null : f.ownerId === "me" ? actorId : f.ownerId });
  }
  if (f.teamId) and.push({ teamId: f.teamId === "none" ? null : f.teamId });
  if (f.sla === "breached") {
    // Sorted by due time, the (status, dueAt) range is the order itself. Any
    // other order: a big queue is mostly breached, and a range read of all of
    // it plus a sort costs far more than reading in (status, createdAt) order
    // and skipping the few not yet due — NOT(>) keeps the planner on that path.
    and.push(opts.sort === "dueAt" ? { dueAt: { lte: now } } : { NOT: { dueAt: { gt: now } } });
  }
  if (f.sla === "due_soon") {
    and.push({ dueAt: { gt: now, lte: new Date(now.getTime() + DUE_SOON_MS) } });
  }
  if (f.sla === "on_track") and.push({ dueAt: { gt: new Date(now.getTime() + DUE_SOON_MS) } });
  if (f.age !== undefined && f.age > 0) {
    and.push({ createdAt: { lte: new Date(now.getTime() - f.age) } });
  }
  if (f.createdFrom) and.push({ createdAt: { gte: f.createdFrom } });
  if (f.createdBefore) and.push({ createdAt: { lt: f.createdBefore } });
  // The only non-indexed clause: a substring scan, so it is added only when asked for.
  const q = f.q?.trim().toLowerCase();
  if (q) and.push({ searchText: { contains: q } });
  return and;
}

export type TDir = "asc" | "desc";

/** Oldest due first when sorting by due time; newest (or last in enum order) first otherwise. */
export function defaultDir(sort: TExceptionSort): TDir {
  return EXCEPTION_SORT_DIRS[sort];
}

/** Sort key, then id, so equal keys still have one stable order (the cursor relies on it). */
export function orderBy(
  sort: TExceptionSort,
  dir: TDir,
): Prisma.ExceptionOrderByWithRelationInput[] {
  return [{ [sort]: dir }, { id: dir }];
}

type TCursor = { k: string; id: string };

/** An opaque cursor naming the last row's sort value and id. */
export function encodeCursor(
  sort: TExceptionSort,
  row: { id: string } & Record<TExceptionSort, unknown>,
): string {
  const v = row[sort];
  const k = v instanceof Date ? v.toISOString() : String(v);
  return Buffer.from(JSON.stringify({ k, id: row.id } satisfies TCursor)).toString("base64url");
}

/** The cursor's sort value and id, or null when it is not one of ours. */
export function decodeCursor(cursor: string): TCursor | null {
  try {
    const c = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<TCursor>;
    return typeof c.k === "string" && typeof c.id === "string" ? { k: c.k, id: c.id } : null;
  } catch {
    return null;
  }
}

/**
 * How the database orders an enum column: SQLite stores enums as text
 * (alphabetical), PostgreSQL as native enums (declaration order). The cursor
 * must follow the same order as ORDER BY.
 */
export type TEnumOrder = "alphabetical" | "declared";

function enumValues(sort: "reason" | "status", order: TEnumOrder): string[] {
  const values: string[] = sort === "reason" ? [...EXCEPTION_REASONS] : [...STATUSES];
  return order === "alphabetical" ? values.sort() : values;
}

/**
 * Rows strictly after the cursor in (sort, id) order, as a range on the sort
 * column minus the cursor's own tie group up to its id: `createdAt <= t AND
 * NOT (createdAt = t AND id >= c)`. The equivalent `createdAt < t OR (…)`
 * lets SQLite's planner (with ANALYZE statistics) split the OR into two index
 * reads and sort everything (150 ms at 100,000 rows instead of 0.2 ms).
 * Prisma has no `lt`/`gt` on enums, so for reason/status the range is the set
 * of values from the cursor's onwards.
 */
export function afterCursor(
  sort: TExceptionSort,
  dir: TDir,
  c: TCursor,
  enumOrder: TEnumOrder,
): TWhere {
  const bad = () => new AppError({ code: "VALIDATION_FAILED", message: "Invalid cursor" });
  const notAfter = dir === "asc" ? { lte: c.id } : { gte: c.id };
  if (sort === "createdAt" || sort === "dueAt") {
    const at = new Date(c.k);
    if (!isSaneDate(at)) throw bad();
    return {
      AND: [
        { [sort]: dir === "asc" ? { gte: at } : { lte: at } },
        { NOT: { [sort]: at, id: notAfter } },
      ],
    };
  }
  const values = enumValues(sort, enumOrder);
  const i = values.indexOf(c.k);
  if (i < 0) throw bad();
  const from = dir === "asc" ? values.slice(i) : values.slice(0, i + 1).reverse();
  return { AND: [{ [sort]: { in: from } }, { NOT: { [sort]: c.k, id: notAfter } }] };
}

/**
 * The database's (sort, id) order as a comparator, to merge rows read one
 * status at a time into the order a single query would have returned.
 * Dates compare as instants, enums in the database's order, ids as plain
 * code units (ids are lower-case ASCII, which SQLite and PostgreSQL order alike).
 */
export function compareRows(sort: TExceptionSort, dir: TDir, enumOrder: TEnumOrder) {
  const rank =
    sort === "reason" || sort === "status"
      ? new Map(enumValues(sort, enumOrder).map((v, i) => [v, i]))
      : null;
  const key = (r: TRowKey) => {
    const v = r[sort];
    return rank ? (rank.get(String(v)) ?? -1) : (v as Date).getTime();
  };
  const sign = dir === "asc" ? 1 : -1;
  return (a: TRowKey, b: TRowKey) => {
    const d = key(a) - key(b);
    if (d !== 0) return sign * d;
    return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

type TRowKey = { id: string } & Record<TExceptionSort, unknown>;
