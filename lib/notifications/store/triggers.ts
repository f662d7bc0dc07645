import "server-only";
import type { TTx } from "@/lib/server/db-client";
import type { Prisma } from "@/lib/server/generated/sqlite/client";

/** The reads triggers.ts makes inside the caller's transaction. */
export type { TTx };

/** What the notifier needs of a freshly opened exception (a subset of its row). */
export type TOpenedException = {
  id: string;
  reason: string;
  title: string;
  detail?: string | null;
  ownerId?: string | null;
  teamId?: string | null;
  eventId?: string | null;
};

/** Select this when creating one exception to hand the result to `notifyExceptionsOpened`. */
export const openedExceptionSelect = {
  id: true,
  reason: true,
  title: true,
  detail: true,
  ownerId: true,
  teamId: true,
  eventId: true,
} satisfies Prisma.ExceptionSelect;

const OPEN = ["OPEN", "ESCALATED"] as const;

/** Active owners among `ownerIds`, and the active managers of `teamIds`. */
export function findRecipients(tx: TTx, ownerIds: string[], teamIds: string[]) {
  return tx.user.findMany({
    where: {
      active: true,
      OR: [{ id: { in: ownerIds } }, { role: "MANAGER", teamId: { in: teamIds } }],
    },
    select: { id: true, role: true, teamId: true },
  });
}

/** The ids of every active user with one of these roles. */
export async function findActiveUserIds(tx: TTx, roles: ("MANAGER" | "ADMIN")[]) {
  const users = await tx.user.findMany({
    where: { active: true, role: roles.length === 1 ? roles[0] : { in: roles } },
    select: { id: true },
  });
  return users.map((u) => u.id);
}

/** Open (or escalated) DEAD_LETTER exceptions, this batch's included. */
export function countOpenDeadLetters(tx: TTx) {
  return tx.exception.count({
    where: { reason: "DEAD_LETTER", status: { in: [...OPEN] } },
  });
}

/** A destination's name and key, for the circuit notice; null when it is gone. */
export function findDestinationLabel(tx: TTx, destinationId: string) {
  return tx.destination.findUnique({
    where: { id: destinationId },
    select: { name: true, key: true },
  });
}
