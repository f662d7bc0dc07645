import "server-only";
import { slaState } from "@/lib/engine/plan/sla";
import { findAuditFor, getRecord, loadRecordHistory, parsePayload } from "@/lib/records/data";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import { sortOrderBy, sortRows, type TDir } from "@/lib/server/search-params";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";
import {
  HANDOFF_SORTS,
  LEFT_INBOX_SORTS,
  type TLeftInboxSort,
  type THandoffAction,
  type THandoffListQuery,
  type THandoffSort,
} from "./schema";

export const handoffRowSelect = {
  id: true,
  state: true,
  dueAt: true,
  acceptedAt: true,
  completedAt: true,
  outcome: true,
  createdAt: true,
  version: true,
  record: { select: { id: true, name: true, email: true, company: true } },
  workflowVersion: { select: { workflow: { select: { id: true, name: true } } } },
} satisfies Prisma.HandoffSelect;

export type THandoffRow = Prisma.HandoffGetPayload<{ select: typeof handoffRowSelect }>;

/** What a caller may see and act on: agents their own handoffs, managers and admins any. */
export function handoffScope(actor: TActor): Prisma.HandoffWhereInput {
  return actor.role === "AGENT" ? { ownerId: actor.id } : {};
}

/** The caller's handoffs: open ones first, most urgent (earliest due) first. */
export async function findMyHandoffs(
  actor: TActor,
  opts: {
    page: number;
    perPage: number;
    view: "open" | "done";
    ownerId?: string;
    sort?: THandoffSort | null;
    dir?: "asc" | "desc" | null;
  },
) {
  const where: Prisma.HandoffWhereInput = {
    ownerId: opts.ownerId ?? actor.id,
    state:
      opts.view === "open"
        ? { in: ["PENDING", "ACCEPTED"] }
        : { in: ["COMPLETED", "HANDED_BACK", "ESCALATED", "CANCELLED"] },
  };
  const [data, total] = await Promise.all([
    db.handoff.findMany({
      where,
      select: handoffRowSelect,
      orderBy: handoffOrder(opts),
      skip: (opts.page - 1) * opts.perPage,
      take: opts.perPage,
    }),
    db.handoff.count({ where }),
  ]);
  return { data, total, page: opts.page, perPage: opts.perPage };
}

/** The inbox's sort keys as columns. */
const SORT_COLUMNS = {
  due: ["dueAt"],
  created: ["createdAt"],
  state: ["state"],
  outcome: ["outcome"],
} as const satisfies Record<THandoffSort, (keyof Prisma.HandoffOrderByWithRelationInput)[]>;

function handoffOrder(opts: {
  view: "open" | "done";
  sort?: THandoffSort | null;
  dir?: "asc" | "desc" | null;
}): Prisma.HandoffOrderByWithRelationInput[] {
  return (
    sortOrderBy(SORT_COLUMNS, HANDOFF_SORTS, opts.sort, opts.dir) ??
    (opts.view === "open"
      ? [{ dueAt: "asc" }, { id: "asc" }]
      : [{ updatedAt: "desc" }, { id: "desc" }])
  );
}

/**
 * `GET /api/v1/handoffs`: an inbox page (the caller's, or — for managers and
 * admins — another user's), or the handoffs that left the caller's inbox.
 */
export async function findHandoffs(actor: TActor, query: THandoffListQuery) {
  const ownerId = query.owner === "me" ? actor.id : query.owner;
  if (ownerId !== actor.id && actor.role === "AGENT") {
    throw new AppError({ code: "FORBIDDEN", message: "Agents see only their own handoffs." });
  }
  if (query.view === "left") return { data: await findLeftInbox(actor, 50, ownerId) };
  return findMyHandoffs(actor, { ...query, view: query.view, ownerId });
}

export const handoffStateSelect = {
  ...handoffRowSelect,
  ownerId: true,
  teamId: true,
  outcomeNote: true,
  escalations: true,
  updatedAt: true,
  owner: { select: { id: true, name: true } },
  team: { select: { id: true, name: true } },
} satisfies Prisma.HandoffSelect;

/** Which actions the handoff's state allows (the role check is the scope: own or any). */
export function handoffActionsFor(state: string): THandoffAction[] {
  if (state === "PENDING") return ["accept", "complete", "hand_back", "ask_manager"];
  if (state === "ACCEPTED") return ["complete", "hand_back", "ask_manager"];
  return [];
}

/** One handoff as the caller may see it, with its SLA state and actions, or null. */
export async function getHandoffState(actor: TActor, id: string, client: TTx | typeof db = db) {
  const h = await client.handoff.findFirst({
    where: { AND: [{ id }, handoffScope(actor)] },
    select: handoffStateSelect,
  });
  if (!h) return null;
  return {
    ...h,
    sla: slaState(h.dueAt, new Date(), h.createdAt),
    actions: handoffActionsFor(h.state),
  };
}

export type THandoffState = NonNullable<Awaited<ReturnType<typeof getHandoffState>>>;

/** The outcomes an agent may record: the workflow version's list, or the schema's default. */
export function outcomesOf(definition: unknown): string[] {
  const parsed = ZWorkflowDefinition.safeParse(definition);
  if (parsed.success) return parsed.data.outcomes;
  return ZWorkflowDefinition.shape.outcomes.parse(undefined);
}

/**
 * A handoff with the same context panel as an exception — raw payload,
 * record and its history, decision trace, SLA clock, who touched it — plus
 * the outcomes to choose from and any open exceptions about it. Null outside
 * the caller's scope.
 */
export async function getHandoffDetail(actor: TActor, id: string) {
  const h = await db.handoff.findFirst({
    where: { AND: [{ id }, handoffScope(actor)] },
    select: {
      ...handoffStateSelect,
      decision: true,
      eventId: true,
      recordId: true,
      workflowVersion: {
        select: {
          id: true,
          version: true,
          definition: true,
          workflow: { select: { id: true, name: true } },
        },
      },
      event: {
        select: {
          id: true,
          status: true,
          receivedAt: true,
          payload: true,
          decision: true,
          timeline: true,
        },
      },
    },
  });
  if (!h) return null;
  const { event, workflowVersion, decision, ...rest } = h;
  const [record, history, touchedBy, openExceptions] = await Promise.all([
    getRecord(h.recordId),
    loadRecordHistory({ recordId: h.recordId, eventId: h.eventId }),
    findAuditFor("handoff", h.id),
    db.exception.findMany({
      where: { handoffId: h.id, status: { in: ["OPEN", "ESCALATED"] } },
      select: { id: true, reason: true, title: true, status: true, createdAt: true },
    }),
  ]);
  return {
    handoff: { ...rest, workflow: workflowVersion?.workflow ?? null },
    sla: { dueAt: h.dueAt, state: slaState(h.dueAt, new Date(), h.createdAt) },
    payload: event ? parsePayload(event.payload) : null,
    event: event
      ? {
          id: event.id,
          status: event.status,
          receivedAt: event.receivedAt,
          timeline: event.timeline,
        }
      : null,
    record,
    decision: decision ?? event?.decision ?? null,
    history,
    touchedBy,
    outcomes: outcomesOf(workflowVersion?.definition),
    actions: handoffActionsFor(h.state),
    openExceptions,
  };
}

export type TLeftItem = {
  handoffId: string;
  at: Date;
  kind: "reassigned" | "escalated" | "handed_back";
  reason: string | null;
  record: { id: string; name: string | null; email: string | null; company: string | null };
  nowOwner: { id: string; name: string } | null;
};

/** How far back "left my inbox" looks, and how many reassignments it reads. */
const LEFT_WINDOW_MS = 14 * 86_400_000;
const LEFT_SCAN = 2000;

/** "Left my inbox" in the order asked for (newest first without one). */
export function sortLeftInbox(
  items: TLeftItem[],
  opts: { sort: TLeftInboxSort | null; dir: TDir | null },
): TLeftItem[] {
  return sortRows(
    items,
    { at: (l) => l.at.getTime(), why: (l) => l.kind },
    LEFT_INBOX_SORTS,
    opts.sort,
    opts.dir,
  );
}

/**
 * Handoffs that left an inbox (the caller's, or `userId`'s for a manager's
 * view) — reassigned to someone else (by the
 * SLA timer or a person), escalated to the manager or handed back by the
 * agent — with the reason from
 * the audit entry, so the agent sees why. Reassignments are found by the
 * audit entries' `before.ownerId`, read from the most recent ones in the
 * window (JSON filters differ between SQLite and PostgreSQL).
 */
export async function findLeftInbox(
  actor: TActor,
  limit = 50,
  userId: string = actor.id,
): Promise<TLeftItem[]> {
  const since = new Date(Date.now() - LEFT_WINDOW_MS);
  const [reassigned, escalated, handedBack] = await Promise.all([
    db.auditEntry.findMany({
      where: { action: "handoff.reassigned", createdAt: { gte: since } },
      select: { entityId: true, before: true, reason: true, createdAt: true },
      orderBy: { createdAt: "desc" },
      take: LEFT_SCAN,
    }),
    db.handoff.findMany({
      where: { ownerId: userId, state: "ESCALATED", updatedAt: { gte: since } },
      select: { id: true },
      orderBy: { updatedAt: "desc" },
      take: limit,
    }),
    db.handoff.findMany({
      where: { ownerId: userId, state: "HANDED_BACK", updatedAt: { gte: since } },
      select: { id: true },
      orderBy: { updatedAt: "desc" },
      take: limit,
    }),
  ]);
  const mine = reassigned.filter(
    (a) => a.entityId && (a.before as { ownerId?: unknown } | null)?.ownerId === userId,
  );
  const stateChanges =
    escalated.length + handedBack.length
      ? await db.auditEntry.findMany({
          where: {
            action: { in: ["handoff.escalated", "handoff.handed_back"] },
            entityId: { in: [...escalated, ...handedBack].map((h) => h.id) },
          },
          select: { entityId: true, action: true, reason: true, createdAt: true },
          orderBy: { createdAt: "desc" },
        })
      : [];
  const entries = [
    ...mine.map((a) => ({ ...a, kind: "reassigned" as const })),
    ...stateChanges.map(({ action, ...a }) => ({
      ...a,
      kind: action === "handoff.escalated" ? ("escalated" as const) : ("handed_back" as const),
    })),
  ];
  const ids = [...new Set(entries.map((e) => e.entityId!))];
  const handoffs = await db.handoff.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      ownerId: true,
      owner: { select: { id: true, name: true } },
      record: { select: { id: true, name: true, email: true, company: true } },
    },
  });
  const byId = new Map(handoffs.map((h) => [h.id, h]));
  const seen = new Set<string>();
  const out: TLeftItem[] = [];
  for (const e of entries.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())) {
    const h = byId.get(e.entityId!);
    // Newest entry per handoff only; one that came back to the caller has not left.
    if (!h || seen.has(h.id) || (e.kind === "reassigned" && h.ownerId === userId)) continue;
    seen.add(h.id);
    out.push({
      handoffId: h.id,
      at: e.createdAt,
      kind: e.kind,
      reason: e.reason,
      record: h.record,
      nowOwner: h.owner,
    });
  }
  return out.slice(0, limit);
}

/** The handoffs view's states: "open" is pending or accepted; "pending" is unanswered. */
export const OPEN_HANDOFF_STATES = ["open", "pending", "accepted"] as const;
export const OPEN_HANDOFF_SORTS = ["age", "due", "owner"] as const;

export type TOpenHandoffQuery = {
  state: (typeof OPEN_HANDOFF_STATES)[number];
  teamId?: string | null;
  ownerId?: string | null;
  workflowId?: string | null;
  /** Only handoffs handed over at least this long ago. */
  minAgeMs?: number | null;
};

/**
 * The one definition of "open handoffs" (and, with state "pending",
 * "unanswered"): shared by the handoffs view and the dashboard figure that
 * links to it, so the number and the list behind its link agree.
 */
export function openHandoffsWhere(q: TOpenHandoffQuery, now: Date): Prisma.HandoffWhereInput {
  return {
    state:
      q.state === "pending"
        ? "PENDING"
        : q.state === "accepted"
          ? "ACCEPTED"
          : { in: ["PENDING", "ACCEPTED"] },
    ...(q.teamId ? { teamId: q.teamId } : {}),
    ...(q.ownerId ? { ownerId: q.ownerId } : {}),
    ...(q.workflowId ? { workflowVersion: { workflowId: q.workflowId } } : {}),
    ...(q.minAgeMs ? { createdAt: { lte: new Date(now.getTime() - q.minAgeMs) } } : {}),
  };
}

/** How many open (or unanswered) handoffs there are now, and since when the oldest waits. */
export async function countOpenHandoffs(q: TOpenHandoffQuery, now = new Date()) {
  const where = openHandoffsWhere(q, now);
  const [total, oldest] = await Promise.all([
    db.handoff.count({ where }),
    db.handoff.findFirst({ where, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
  ]);
  return { total, oldestAt: oldest?.createdAt ?? null };
}

/**
 * Everyone's open handoffs, for managers and admins: filtered by team, owner,
 * workflow and age, sorted by age (oldest first by default), due time or
 * owner. Agents have their inbox instead.
 */
export async function findOpenHandoffs(
  actor: TActor,
  q: TOpenHandoffQuery & {
    sort: (typeof OPEN_HANDOFF_SORTS)[number];
    dir: "asc" | "desc";
    page: number;
    perPage: number;
  },
  now = new Date(),
) {
  if (actor.role === "AGENT") {
    throw new AppError({
      code: "FORBIDDEN",
      message: "Only managers and admins see every handoff.",
    });
  }
  const where = openHandoffsWhere(q, now);
  // "Age" ascending means youngest first: the oldest (earliest createdAt) is "desc" age.
  const orderBy: Prisma.HandoffOrderByWithRelationInput[] =
    q.sort === "due"
      ? [{ dueAt: q.dir }, { id: "asc" }]
      : q.sort === "owner"
        ? [{ owner: { name: q.dir } }, { createdAt: "asc" }, { id: "asc" }]
        : [{ createdAt: q.dir === "desc" ? "asc" : "desc" }, { id: "asc" }];
  const [data, counted] = await Promise.all([
    db.handoff.findMany({
      where,
      select: {
        ...handoffRowSelect,
        owner: { select: { id: true, name: true } },
        team: { select: { id: true, name: true } },
      },
      orderBy,
      skip: (q.page - 1) * q.perPage,
      take: q.perPage,
    }),
    countOpenHandoffs(q, now),
  ]);
  return {
    data,
    total: counted.total,
    oldestAt: counted.oldestAt,
    page: q.page,
    perPage: q.perPage,
  };
}
