import "server-only";
import { db } from "@/lib/server/db";
import { enqueueJobs } from "@/lib/server/jobs";
import type { TDigest } from "../digest";
import { exceptionLink, handoffLink } from "../links";
import { senderIdIn } from "./email-sender";

const OPEN_HANDOFF = ["PENDING", "ACCEPTED"] as const;
const OPEN_EXCEPTION = ["OPEN", "ESCALATED"] as const;
const DAY_MS = 24 * 60 * 60_000;

/** The UTC day of an instant, as the digest marks it: "2026-12-08". */
export const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Queues today's digest for everyone who asked for one and whose hour (UTC)
 * has come, once per person and day: the day is written on the preference
 * row by a conditional update in the job's own transaction, so two workers
 * scanning at once queue it once. Nothing while no sender is configured.
 * Returns how many were queued.
 */
export async function enqueueDueDigests(now = new Date()): Promise<number> {
  if (!(await senderIdIn(db))) return 0;
  const day = utcDay(now);
  const due = await db.notificationPreference.findMany({
    where: {
      digest: true,
      digestHour: { lte: now.getUTCHours() },
      OR: [{ lastDigestDay: null }, { lastDigestDay: { not: day } }],
      user: { active: true },
    },
    select: { userId: true },
    take: 500,
  });
  let queued = 0;
  for (const { userId } of due) {
    const took = await db.$transaction(async (tx) => {
      const res = await tx.notificationPreference.updateMany({
        where: { userId, OR: [{ lastDigestDay: null }, { lastDigestDay: { not: day } }] },
        data: { lastDigestDay: day },
      });
      if (res.count !== 1) return false;
      await enqueueJobs(tx, [
        { kind: "notification.email", payload: { digest: { userId, day } }, maxAttempts: 8 },
      ]);
      return true;
    });
    if (took) queued += 1;
  }
  return queued;
}

/**
 * What one person's digest says at `now`: their open handoffs (overdue, due
 * within 24 h, the five most urgent), the exceptions they own (the five
 * oldest), for managers and admins the shared queue's unowned exceptions,
 * and their unread notifications. Null when the person is gone or inactive.
 */
export async function loadDigest(
  userId: string,
  now: Date,
  day: string,
): Promise<(TDigest & { email: string }) | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, active: true },
  });
  if (!user?.active) return null;
  const mine = { ownerId: userId, state: { in: [...OPEN_HANDOFF] } };
  const myExceptions = { ownerId: userId, status: { in: [...OPEN_EXCEPTION] } };
  const [open, overdue, dueSoon, urgent, exceptions, oldest, unowned, unread] = await Promise.all([
    db.handoff.count({ where: mine }),
    db.handoff.count({ where: { ...mine, dueAt: { lt: now } } }),
    db.handoff.count({
      where: { ...mine, dueAt: { gte: now, lt: new Date(now.getTime() + DAY_MS) } },
    }),
    db.handoff.findMany({
      where: mine,
      orderBy: { dueAt: "asc" },
      take: 5,
      select: {
        id: true,
        dueAt: true,
        record: { select: { name: true, email: true, company: true } },
      },
    }),
    db.exception.count({ where: myExceptions }),
    db.exception.findMany({
      where: myExceptions,
      orderBy: { createdAt: "asc" },
      take: 5,
      select: { id: true, title: true },
    }),
    user.role === "AGENT"
      ? Promise.resolve(null)
      : db.exception.count({ where: { ownerId: null, status: { in: [...OPEN_EXCEPTION] } } }),
    db.notification.count({ where: { userId, readAt: null } }),
  ]);
  return {
    email: user.email,
    name: user.name || user.email,
    day,
    handoffs: { open, overdue, dueSoon },
    urgent: urgent.map((h) => ({
      title: [h.record.name ?? h.record.email ?? "A lead", h.record.company]
        .filter(Boolean)
        .join(", "),
      dueAt: h.dueAt,
      overdue: h.dueAt < now,
      link: handoffLink(h.id),
    })),
    exceptions: {
      open: exceptions,
      oldest: oldest.map((x) => ({ title: x.title, link: exceptionLink(x.id) })),
    },
    unowned,
    unread,
  };
}
