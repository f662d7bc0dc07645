import "server-only";
import { db } from "@/lib/server/db";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { asJson } from "@/lib/server/json";
import type { TCheckedField } from "../compare";

/**
 * The record write's reads and writes: the handoff context a template sees,
 * and the link between Baton's record and the downstream one (record IDs
 * mapped across systems) with its checks.
 */

const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";

/** Everything a record action's templates may read, plus the published definition that holds the action. */
export async function loadRecordJobContext(handoffId: string) {
  return db.handoff.findUnique({
    where: { id: handoffId },
    select: {
      id: true,
      state: true,
      dueAt: true,
      decision: true,
      recordId: true,
      record: {
        select: {
          id: true,
          email: true,
          name: true,
          company: true,
          phone: true,
          attributes: true,
          externalIds: true,
        },
      },
      owner: { select: { id: true, email: true, name: true } },
      team: { select: { id: true, name: true } },
      event: { select: { id: true, payload: true } },
      workflowVersion: { select: { definition: true } },
    },
  });
}
export type TRecordJobContext = NonNullable<Awaited<ReturnType<typeof loadRecordJobContext>>>;

export type TLink = { id: string; externalId: string | null; createKey: string };

/**
 * The record's link to this destination, created when there is none. The
 * first writer's idempotency key becomes the link's create key, so every
 * create for it (a retry, a racing second event) carries the same
 * Idempotency-Key and the receiver creates once.
 */
export async function claimLink(
  recordId: string,
  destinationId: string,
  idempotencyKey: string,
): Promise<TLink> {
  const select = {
    id: true,
    externalId: true,
    createKey: true,
  } satisfies Prisma.ExternalRecordLinkSelect;
  const where = { recordId_destinationId: { recordId, destinationId } };
  const found = await db.externalRecordLink.findUnique({ where, select });
  if (found) return found;
  try {
    return await db.externalRecordLink.create({
      data: { recordId, destinationId, createKey: idempotencyKey },
      select,
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return db.externalRecordLink.findUniqueOrThrow({ where, select });
  }
}

/** Stores the downstream id from a create answer; an id stored first by another write is kept. */
export async function storeExternalId(linkId: string, externalId: string): Promise<string> {
  await db.externalRecordLink.updateMany({
    where: { id: linkId, externalId: null },
    data: { externalId },
  });
  const link = await db.externalRecordLink.findUniqueOrThrow({
    where: { id: linkId },
    select: { externalId: true },
  });
  return link.externalId ?? externalId;
}

/** What a record write leaves for reconciliation: the read-back it expects, and who wrote it. */
export type TExpected = {
  path: string;
  fields: { label: string; pointer: string; expected: string }[];
  actionId: string;
  actionName: string;
  idempotencyKey: string;
  workflowId: string | null;
};

/**
 * A write went through: the link remembers what it wrote and, when it was
 * read back, the check (matched or not) is recorded and a match confirms it.
 */
export async function saveRecordWrite(input: {
  linkId: string;
  recordId: string;
  destinationId: string;
  eventId: string;
  handoffId: string;
  expected: TExpected | null;
  check: { matched: boolean; fields: TCheckedField[]; trace: string[] } | null;
  now: Date;
}) {
  const { now, check } = input;
  await db.$transaction([
    db.externalRecordLink.update({
      where: { id: input.linkId },
      data: {
        lastEventId: input.eventId,
        lastHandoffId: input.handoffId,
        lastWrittenAt: now,
        ...(input.expected ? { expected: asJson(input.expected) } : {}),
        ...(check ? { checkedAt: now } : {}),
        ...(check?.matched ? { confirmedAt: now } : {}),
      },
    }),
    ...(check
      ? [
          db.recordCheck.create({
            data: {
              linkId: input.linkId,
              recordId: input.recordId,
              destinationId: input.destinationId,
              eventId: input.eventId,
              kind: "READ_BACK",
              matched: check.matched,
              fields: asJson(check.fields),
              trace: asJson(check.trace),
              createdAt: now,
            },
          }),
        ]
      : []),
  ]);
}
