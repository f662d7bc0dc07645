import "server-only";
import { db } from "@/lib/server/db";

/** Headline figures for the dashboard. */
export async function getOverview(now = new Date()) {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [openExceptions, byReason, pendingHandoffs, overdueHandoffs, eventsToday, deadLetters] =
    await Promise.all([
      db.exception.count({ where: { status: { in: ["OPEN", "ESCALATED"] } } }),
      db.exception.groupBy({
        by: ["reason"],
        where: { status: { in: ["OPEN", "ESCALATED"] } },
        _count: { _all: true },
      }),
      db.handoff.count({ where: { state: "PENDING" } }),
      db.handoff.count({ where: { state: "PENDING", dueAt: { lt: now } } }),
      db.event.count({ where: { receivedAt: { gte: dayAgo } } }),
      db.exception.count({
        where: { reason: "DEAD_LETTER", status: { in: ["OPEN", "ESCALATED"] } },
      }),
    ]);
  return {
    openExceptions,
    byReason: byReason
      .map((r) => ({ reason: r.reason, count: r._count._all }))
      .sort((a, b) => b.count - a.count),
    pendingHandoffs,
    overdueHandoffs,
    eventsToday,
    deadLetters,
  };
}
