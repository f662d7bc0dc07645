import "server-only";
import { auditRow } from "@/lib/server/audit/record";
import {
  WORKER_ACTOR,
  caseLabel,
  exceptionRow,
  exceptionTitle,
  searchTextFor,
} from "@/lib/exception-model/build-rows";
import { db } from "@/lib/server/db";
import { newId } from "@/lib/server/ids";
import { asJson } from "@/lib/server/json";
import { notifyExceptionsOpened } from "@/lib/notifications/triggers";
import type { TCheckedField } from "../compare";
import type { TExpected } from "./links";

/** RECORD destinations, active, with their settings (reconcile.ts picks those that reconcile). */
export function findRecordDestinations() {
  return db.destination.findMany({
    where: { kind: "RECORD", active: true },
    select: { id: true, key: true, name: true, url: true, timeoutMs: true, settings: true },
  });
}

/** Links written in the window that carry a read-back to repeat, least recently checked first. */
export async function findLinksToReconcile(destinationId: string, since: Date, limit: number) {
  const rows = await db.externalRecordLink.findMany({
    where: { destinationId, externalId: { not: null }, lastWrittenAt: { gte: since } },
    select: {
      id: true,
      recordId: true,
      externalId: true,
      expected: true,
      lastEventId: true,
      lastHandoffId: true,
    },
    orderBy: [{ checkedAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  return rows.flatMap((r) =>
    r.expected ? [{ ...r, expected: r.expected as unknown as TExpected }] : [],
  );
}
export type TLinkToReconcile = Awaited<ReturnType<typeof findLinksToReconcile>>[number];

const OPEN = ["OPEN", "ESCALATED", "REPLAYING"] as const;

/**
 * Records one reconciliation check; a match confirms the link, a drift opens
 * a RECONCILE_DRIFT exception unless one is already open for this record and
 * destination (the dedupe key is released when it resolves, see below).
 * Returns whether an exception was opened.
 */
export async function saveReconcileCheck(input: {
  destination: { id: string; key: string; name: string };
  link: TLinkToReconcile;
  matched: boolean;
  fields: TCheckedField[];
  trace: string[];
  detail: string;
  now: Date;
}): Promise<boolean> {
  const { destination, link, now } = input;
  return db.$transaction(async (tx) => {
    await tx.recordCheck.create({
      data: {
        linkId: link.id,
        recordId: link.recordId,
        destinationId: destination.id,
        eventId: link.lastEventId,
        kind: "RECONCILE",
        matched: input.matched,
        fields: asJson(input.fields),
        trace: asJson(input.trace),
        createdAt: now,
      },
    });
    await tx.externalRecordLink.update({
      where: { id: link.id },
      data: { checkedAt: now, ...(input.matched ? { confirmedAt: now } : {}) },
    });
    if (input.matched) return false;
    // Deduped per record and destination while open: a drift found again adds a check, not an item.
    const open = await tx.exception.findMany({
      where: { reason: "RECONCILE_DRIFT", recordId: link.recordId, status: { in: [...OPEN] } },
      select: { context: true },
    });
    const mine = open.some(
      (x) => (x.context as { destinationKey?: unknown } | null)?.destinationKey === destination.key,
    );
    if (mine) return false;
    const record = await tx.record.findUnique({
      where: { id: link.recordId },
      select: { email: true, name: true, company: true },
    });
    const handoff = link.lastHandoffId
      ? await tx.handoff.findUnique({
          where: { id: link.lastHandoffId },
          select: { teamId: true, event: { select: { sourceId: true } } },
        })
      : null;
    const row = exceptionRow({
      id: newId("x"),
      reason: "RECONCILE_DRIFT",
      now,
      title: exceptionTitle("RECONCILE_DRIFT", caseLabel(record ?? {}, link.recordId)),
      detail: input.detail,
      eventId: link.lastEventId,
      recordId: link.recordId,
      handoffId: link.lastHandoffId,
      workflowId: link.expected.workflowId,
      sourceId: handoff?.event?.sourceId ?? null,
      teamId: handoff?.teamId ?? null,
      context: {
        action: { id: link.expected.actionId, name: link.expected.actionName },
        idempotencyKey: link.expected.idempotencyKey,
        destinationKey: destination.key,
        destination: destination.name,
        externalId: link.externalId,
        readBack: link.expected.path,
        fields: input.fields,
        trace: input.trace,
      },
      searchText: searchTextFor([record?.email, record?.company, record?.name, link.recordId]),
    });
    await tx.exception.create({ data: row });
    await notifyExceptionsOpened(tx, [row]);
    await tx.auditEntry.create({
      data: auditRow({
        actor: WORKER_ACTOR,
        action: "exception.opened",
        entityType: "exception",
        entityId: row.id,
        after: { reason: "RECONCILE_DRIFT", status: "OPEN" },
        reason: input.detail.slice(0, 500),
      }),
    });
    return true;
  });
}
