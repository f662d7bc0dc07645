import { classifierLabelsFor } from "@/lib/learning/data";
import "server-only";
import { slaState, type TSlaState } from "@/lib/engine/plan/sla";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import type { TActor } from "@/lib/server/auth/actor";
import { findAuditFor, getRecord, loadRecordHistory, parsePayload } from "@/lib/records/data";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import type { TExceptionAction, TExceptionReason } from "@/lib/exception-model/allowed-actions";
import {
  afterCursor,
  decodeCursor,
  defaultDir,
  encodeCursor,
  filterClauses,
  orderBy,
  statusClause,
  statusValues,
} from "./store/list-query";
import { ENUM_ORDER, readOrderedIds } from "./store/ordered-ids";
import { loadReassignOptions } from "./owners";
import { actionsForCaller } from "./policy";
import type { TExceptionFilter, TExceptionListQuery } from "./schema";

/**
 * What a caller may see, as a where clause: managers and admins see every
 * exception; an agent sees those they own or their team owns. A guessed id
 * outside that scope is "not found".
 */
export function exceptionScope(actor: TActor): Prisma.ExceptionWhereInput {
  if (actor.role !== "AGENT") return {};
  const or: Prisma.ExceptionWhereInput[] = [{ ownerId: actor.id }];
  if (actor.teamId) or.push({ teamId: actor.teamId });
  return { OR: or };
}

export const exceptionRowSelect = {
  id: true,
  reason: true,
  status: true,
  title: true,
  detail: true,
  dueAt: true,
  createdAt: true,
  version: true,
  confidence: true,
  resolution: true,
  allowedActions: true,
  owner: { select: { id: true, name: true } },
  team: { select: { id: true, name: true } },
  workflow: { select: { id: true, name: true } },
  source: { select: { id: true, key: true, name: true } },
} satisfies Prisma.ExceptionSelect;

export type TExceptionRow = Prisma.ExceptionGetPayload<{ select: typeof exceptionRowSelect }>;

/** A queue row with its SLA state and what this caller may do with it. */
export type TExceptionListItem = TExceptionRow & {
  sla: TSlaState;
  actions: TExceptionAction[];
};

/** The state an operator acts on; answered after an action and with a 409. */
export const exceptionStateSelect = {
  ...exceptionRowSelect,
  resolutionNote: true,
  resolvedAt: true,
  resolvedBy: { select: { id: true, name: true } },
  suggestion: true,
  eventId: true,
  recordId: true,
  handoffId: true,
  updatedAt: true,
} satisfies Prisma.ExceptionSelect;

export type TExceptionState = Prisma.ExceptionGetPayload<{
  select: typeof exceptionStateSelect;
}> & { sla: TSlaState; actions: TExceptionAction[] };

/** A row with its SLA state at `now` and the actions this caller may take. */
export function toItem<T extends TExceptionRow>(actor: TActor, row: T, now: Date) {
  return {
    ...row,
    sla: slaState(row.dueAt, now, row.createdAt),
    actions: actionsForCaller(actor, row),
  };
}

/** One exception as the caller may see it, or null outside their scope. */
export async function getExceptionState(
  actor: TActor,
  id: string,
  client: TTx | typeof db = db,
): Promise<TExceptionState | null> {
  const row = await client.exception.findFirst({
    where: { AND: [{ id }, exceptionScope(actor)] },
    select: exceptionStateSelect,
  });
  return row ? toItem(actor, row, new Date()) : null;
}

export type TExceptionPage = {
  data: TExceptionListItem[];
  total: number;
  page: number;
  perPage: number;
};
export type TExceptionCursorPage = { data: TExceptionListItem[]; nextCursor: string | null };
type TFindOpts = Partial<TExceptionListQuery>;

/** Deeper page-mode offsets read with one query (a merge would read every status that deep). */
const MERGE_MAX_ROWS = 2000;

/** The first `take` rows in (sort, id) order: ids merged across statuses, then the rows. */
async function readOrdered(...args: Parameters<typeof readOrderedIds>): Promise<TExceptionRow[]> {
  const ids = await readOrderedIds(...args);
  const rows = ids.length
    ? await db.exception.findMany({ where: { id: { in: ids } }, select: exceptionRowSelect })
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The queue, scoped to what the caller may see, filtered and sorted on the
 * server. With `page` it answers `{ data, total, page, perPage }` (one count
 * per status); otherwise `{ data, nextCursor }`, which never counts: at
 * 100,000 open exceptions the next page is an indexed range read, not a scan.
 */
export async function findExceptions(
  actor: TActor,
  opts: TFindOpts & { page: number },
): Promise<TExceptionPage>;
export async function findExceptions(
  actor: TActor,
  opts?: TFindOpts & { page?: undefined },
): Promise<TExceptionCursorPage>;
export async function findExceptions(
  actor: TActor,
  opts?: TFindOpts,
): Promise<TExceptionPage | TExceptionCursorPage>;
export async function findExceptions(
  actor: TActor,
  opts: TFindOpts = {},
): Promise<TExceptionPage | TExceptionCursorPage> {
  const now = new Date();
  const sort = opts.sort ?? "createdAt";
  const dir = opts.dir ?? defaultDir(sort);
  const statuses = statusValues(opts.status);
  const and = [
    exceptionScope(actor),
    ...filterClauses(opts, actor.id, now, { omitStatus: true, sort }),
  ];
  // An owner's exceptions are few: the (ownerId, status) index finds them
  // and sorting them is cheap, so they are read in one query.
  const merge = statuses.length > 1 && !opts.ownerId;
  const single = (extra: { skip?: number; take: number }) =>
    db.exception.findMany({
      where: { AND: [...and, statusClause(statuses) ?? {}] },
      select: exceptionRowSelect,
      orderBy: orderBy(sort, dir),
      ...extra,
    });

  if (opts.page !== undefined) {
    const perPage = opts.perPage ?? 50;
    const skip = (opts.page - 1) * perPage;
    const [rows, counts] = await Promise.all([
      merge && skip + perPage <= MERGE_MAX_ROWS
        ? readOrdered(and, statuses, sort, dir, skip + perPage).then((r) => r.slice(skip))
        : single({ skip, take: perPage }),
      Promise.all(
        statuses.map((status) => db.exception.count({ where: { AND: [...and, { status }] } })),
      ),
    ]);
    const total = counts.reduce((a, b) => a + b, 0);
    return { data: rows.map((r) => toItem(actor, r, now)), total, page: opts.page, perPage };
  }

  const limit = opts.limit ?? 50;
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    if (!c) throw new AppError({ code: "VALIDATION_FAILED", message: "Invalid cursor" });
    and.push(afterCursor(sort, dir, c, ENUM_ORDER));
  }
  const rows = merge
    ? await readOrdered(and, statuses, sort, dir, limit + 1)
    : await single({ take: limit + 1 });
  const more = rows.length > limit;
  const data = (more ? rows.slice(0, limit) : rows).map((r) => toItem(actor, r, now));
  return { data, nextCursor: more ? encodeCursor(sort, data[data.length - 1]) : null };
}

/**
 * Live counters for the reason chips: how many exceptions match the current
 * filter per reason (the reason filter itself is ignored, so every chip shows
 * what choosing it would give). One grouped read per status, each served by
 * the (status, reason) index.
 */
export async function countsByReason(
  actor: TActor,
  filter: Partial<TExceptionFilter>,
): Promise<{ byReason: Partial<Record<TExceptionReason, number>>; total: number }> {
  const and = [
    exceptionScope(actor),
    ...filterClauses(filter, actor.id, new Date(), { omitReason: true, omitStatus: true }),
  ];
  const statuses = statusValues(filter.status);
  // With a search the rows must be read anyway: one scan beats an index walk
  // that looks up every row. Without one, the (status, reason) index covers it.
  const perStatus = filter.q
    ? [statusClause(statuses) ?? {}]
    : statuses.map((status) => ({ status }));
  const groups = await Promise.all(
    perStatus.map((status) =>
      db.exception.groupBy({
        by: ["reason"],
        where: { AND: [...and, status] },
        _count: { _all: true },
      }),
    ),
  );
  const byReason: Partial<Record<TExceptionReason, number>> = {};
  let total = 0;
  for (const g of groups.flat()) {
    byReason[g.reason] = (byReason[g.reason] ?? 0) + g._count._all;
    total += g._count._all;
  }
  return { byReason, total };
}

const contextEventSelect = {
  id: true,
  status: true,
  receivedAt: true,
  processedAt: true,
  payload: true,
  decision: true,
  timeline: true,
  recordId: true,
  workflowVersionId: true,
  source: { select: { key: true, name: true } },
} satisfies Prisma.EventSelect;

/**
 * An exception with its whole context in one answer, or null outside the
 * caller's scope: the raw payload, the canonical record and its history, the
 * decision trace, the SLA clock, who touched it, what this caller may do,
 * the suggestion and, when reassigning is possible, the candidate owners with
 * their load and capacity.
 */
export async function getExceptionDetail(actor: TActor, id: string) {
  const x = await db.exception.findFirst({
    where: { AND: [{ id }, exceptionScope(actor)] },
    select: { ...exceptionStateSelect, context: true },
  });
  if (!x) return null;
  const now = new Date();
  const { context, ...state } = x;
  const item = toItem(actor, state, now);
  const [event, record, history, touchedBy, reassign, classifierLabels] = await Promise.all([
    x.eventId
      ? db.event.findUnique({ where: { id: x.eventId }, select: contextEventSelect })
      : null,
    getRecord(x.recordId),
    loadRecordHistory({ recordId: x.recordId, eventId: x.eventId }),
    findAuditFor("exception", x.id),
    item.actions.includes("reassign") ? loadReassignOptions(db, now) : null,
    classifierLabelsFor(x.workflow?.id ?? null),
  ]);
  const ctx = (context ?? {}) as Record<string, unknown>;
  const { payload: snapshotPayload, ...contextRest } = ctx;
  return {
    exception: item,
    sla: { dueAt: x.dueAt, state: item.sla },
    payload: event ? parsePayload(event.payload) : (snapshotPayload ?? null),
    event: event
      ? {
          id: event.id,
          status: event.status,
          receivedAt: event.receivedAt,
          processedAt: event.processedAt,
          source: event.source,
          timeline: event.timeline,
        }
      : null,
    record,
    decision: event?.decision ?? ctx.decision ?? null,
    context: contextRest,
    suggestion: x.suggestion,
    confidence: x.confidence,
    history,
    touchedBy,
    actions: item.actions,
    reassign,
    /** The workflow's classifier labels, for "correct to …" (issue #16); null without one. */
    classifierLabels,
  };
}

export type TExceptionDetail = NonNullable<Awaited<ReturnType<typeof getExceptionDetail>>>;
