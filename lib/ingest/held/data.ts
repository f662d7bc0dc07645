import "server-only";
import { db } from "@/lib/server/db";
import type { TActor } from "@/lib/server/auth/actor";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { assertCan } from "@/lib/server/auth/permissions";

/**
 * Held deliveries are for admins: listing shows what strangers posted, and
 * releasing turns a suspected bot's post into an event. Checked in the
 * domain (here and in ./mutations), so a caller that forgot the route's
 * check still cannot act.
 */
export const HELD_DOING = "see or act on held deliveries";

export const heldSelect = {
  id: true,
  sourceId: true,
  channel: true,
  reason: true,
  payload: true,
  receivedAt: true,
} satisfies Prisma.HeldDeliverySelect;

export type THeldRow = Prisma.HeldDeliveryGetPayload<{ select: typeof heldSelect }>;

/**
 * A source's held deliveries (kept as spam), newest first, for an admin
 * (checked here: the payloads are whatever strangers posted, personal data
 * included). `{ data, total }`: the list shows the latest `limit`.
 */
export async function findHeldDeliveries(
  actor: TActor,
  sourceId: string,
  opts: { limit?: number } = {},
): Promise<{ data: THeldRow[]; total: number }> {
  assertCan(actor, "sources:held", HELD_DOING);
  const [data, total] = await Promise.all([
    db.heldDelivery.findMany({
      where: { sourceId },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: Math.min(Math.max(opts.limit ?? 50, 1), 200),
      select: heldSelect,
    }),
    db.heldDelivery.count({ where: { sourceId } }),
  ]);
  return { data, total };
}
