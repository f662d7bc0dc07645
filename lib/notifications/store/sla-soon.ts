import "server-only";
import { db } from "@/lib/server/db";

/** Pending handoffs with an owner, due after `now` and by `horizon`, soonest first. */
export function findHandoffsDueSoon(now: Date, horizon: Date, take: number) {
  return db.handoff.findMany({
    where: { state: "PENDING", ownerId: { not: null }, dueAt: { gt: now, lte: horizon } },
    select: {
      id: true,
      ownerId: true,
      dueAt: true,
      eventId: true,
      record: { select: { name: true, email: true, company: true } },
    },
    orderBy: { dueAt: "asc" },
    take,
  });
}
