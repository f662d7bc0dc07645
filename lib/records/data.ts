import "server-only";
import { chainNote, parseEventChain } from "@/lib/workflow-definition/event-chain";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { db } from "@/lib/server/db";
import { auditActionLabel } from "@/lib/server/audit/labels";

/**
 * A canonical record and everything that happened to it, for the context
 * panel of an exception or a handoff: its events, the decisions on them,
 * handoffs, delivery attempts (with the receiver's answer), exceptions, and
 * the audit entries of all of those, as one newest-first timeline.
 */

export type THistoryItem = {
  at: string;
  kind: "event" | "decision" | "handoff" | "delivery" | "exception" | "audit";
  id: string;
  title: string;
  detail: string | null;
  status: string | null;
  /** What the item is about (the audit entry's entity, the delivery's handoff…). */
  entityType: string;
  entityId: string;
  /** Deliveries only. */
  httpStatus?: number | null;
  responseExcerpt?: string | null;
  /** Audit entries only. */
  actor?: string;
};

export const recordSelect = {
  id: true,
  identityKey: true,
  email: true,
  name: true,
  company: true,
  phone: true,
  externalIds: true,
  attributes: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { id: true, name: true } },
  /** Record IDs mapped across systems: the downstream id in each system of record. */
  links: {
    where: { externalId: { not: null } },
    select: {
      externalId: true,
      confirmedAt: true,
      destination: { select: { key: true, name: true } },
    },
    orderBy: { createdAt: "asc" },
  },
} satisfies Prisma.RecordSelect;

export type TRecordView = Prisma.RecordGetPayload<{ select: typeof recordSelect }>;

/** The record as the panel shows it, or null. */
export async function getRecord(id: string | null): Promise<TRecordView | null> {
  return id ? db.record.findUnique({ where: { id }, select: recordSelect }) : null;
}

const iso = (d: Date) => d.toISOString();

/** An event's stored raw body, parsed; a body that is somehow not JSON is shown as the string. */
export function parsePayload(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * The timeline of a record (and of `eventId`, which may not be stitched onto
 * it yet, e.g. a suspected duplicate): newest first, at most `limit` items.
 * Each kind is read with its own capped, indexed query.
 */
export async function loadRecordHistory(opts: {
  recordId: string | null;
  eventId: string | null;
  limit?: number;
}): Promise<THistoryItem[]> {
  const limit = opts.limit ?? 100;
  const of: Prisma.EventWhereInput[] = [];
  if (opts.recordId) of.push({ recordId: opts.recordId });
  if (opts.eventId) of.push({ id: opts.eventId });
  if (of.length === 0) return [];
  const byEventOrRecord = (eventIds: string[]) => {
    const or: { recordId?: string; eventId?: { in: string[] } }[] = [{ eventId: { in: eventIds } }];
    if (opts.recordId) or.push({ recordId: opts.recordId });
    return { OR: or };
  };

  const events = await db.event.findMany({
    where: { OR: of },
    select: {
      id: true,
      status: true,
      receivedAt: true,
      decision: true,
      chain: true,
      source: { select: { key: true, name: true } },
    },
    orderBy: { receivedAt: "desc" },
    take: limit,
  });
  const eventIds = events.map((e) => e.id);
  const [handoffs, exceptions] = await Promise.all([
    db.handoff.findMany({
      where: byEventOrRecord(eventIds),
      select: {
        id: true,
        state: true,
        createdAt: true,
        outcome: true,
        eventId: true,
        owner: { select: { name: true } },
        workflowVersion: { select: { workflow: { select: { name: true } } } },
      },
      orderBy: { createdAt: "desc" },
      take: limit,
    }),
    db.exception.findMany({
      where: byEventOrRecord(eventIds),
      select: {
        id: true,
        reason: true,
        status: true,
        title: true,
        createdAt: true,
        resolution: true,
      },
      orderBy: { createdAt: "desc" },
      take: limit,
    }),
  ]);
  const handoffIds = handoffs.map((h) => h.id);
  const entityIds = [
    ...eventIds,
    ...handoffIds,
    ...exceptions.map((x) => x.id),
    ...(opts.recordId ? [opts.recordId] : []),
  ];
  const [deliveries, audits] = await Promise.all([
    db.delivery.findMany({
      where: { OR: [{ eventId: { in: eventIds } }, { handoffId: { in: handoffIds } }] },
      select: {
        id: true,
        status: true,
        attempt: true,
        httpStatus: true,
        responseExcerpt: true,
        error: true,
        createdAt: true,
        handoffId: true,
        eventId: true,
        destination: { select: { key: true, name: true } },
      },
      orderBy: { createdAt: "desc" },
      take: limit,
    }),
    db.auditEntry.findMany({
      where: { entityId: { in: entityIds } },
      select: {
        id: true,
        action: true,
        actorLabel: true,
        entityType: true,
        entityId: true,
        reason: true,
        createdAt: true,
      },
      orderBy: { createdAt: "desc" },
      take: limit,
    }),
  ]);

  const items: THistoryItem[] = [];
  for (const e of events) {
    // A chained stage's event was not received: the previous stage's outcome started it.
    const chain = parseEventChain(e.chain);
    items.push({
      at: iso(e.receivedAt),
      kind: "event",
      id: e.id,
      title: chain
        ? `"${chain.workflowName}" ${chainNote(chain)}`
        : `Event received from ${e.source.name}`,
      detail: null,
      status: e.status,
      entityType: "event",
      entityId: e.id,
    });
    const d = e.decision as { summary?: unknown; decidedAt?: unknown; outcome?: unknown } | null;
    if (d && typeof d.decidedAt === "string") {
      items.push({
        at: d.decidedAt,
        kind: "decision",
        id: `${e.id}:decision`,
        title: "Decision",
        detail: typeof d.summary === "string" ? d.summary : null,
        status: typeof d.outcome === "string" ? d.outcome : null,
        entityType: "event",
        entityId: e.id,
      });
    }
  }
  for (const h of handoffs) {
    items.push({
      at: iso(h.createdAt),
      kind: "handoff",
      id: h.id,
      title: `Handoff to ${h.owner?.name ?? "nobody"}${
        h.workflowVersion ? ` (${h.workflowVersion.workflow.name})` : ""
      }`,
      detail: h.outcome,
      status: h.state,
      entityType: "handoff",
      entityId: h.id,
    });
  }
  for (const x of exceptions) {
    items.push({
      at: iso(x.createdAt),
      kind: "exception",
      id: x.id,
      title: x.title,
      detail: x.resolution,
      status: x.status,
      entityType: "exception",
      entityId: x.id,
    });
  }
  for (const d of deliveries) {
    items.push({
      at: iso(d.createdAt),
      kind: "delivery",
      id: d.id,
      title: `Delivery to ${d.destination.name} (attempt ${d.attempt})`,
      detail: d.error,
      status: d.status,
      entityType: d.handoffId ? "handoff" : "event",
      entityId: d.handoffId ?? d.eventId ?? "",
      httpStatus: d.httpStatus,
      responseExcerpt: d.responseExcerpt,
    });
  }
  for (const a of audits) {
    items.push({
      at: iso(a.createdAt),
      kind: "audit",
      id: a.id,
      title: auditActionLabel(a.action),
      detail: a.reason,
      status: null,
      entityType: a.entityType,
      entityId: a.entityId ?? "",
      actor: a.actorLabel,
    });
  }
  // ISO strings of one format sort as times; the id breaks ties so the order is stable.
  items.sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
  return items.slice(0, limit);
}

/** Audit entries about one entity ("who touched it"), newest first. */
export async function findAuditFor(entityType: string, entityId: string, limit = 50) {
  return db.auditEntry.findMany({
    where: { entityType, entityId },
    select: {
      id: true,
      action: true,
      actorType: true,
      actorId: true,
      actorLabel: true,
      before: true,
      after: true,
      reason: true,
      requestId: true,
      createdAt: true,
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}
