import "server-only";
import { env } from "@/lib/server/env";
import type { TNotificationCause } from "./causes";
import { exceptionLink, handoffLink } from "./links";
import { createNotificationsInTx } from "./store/notify";
import {
  countOpenDeadLetters,
  findActiveUserIds,
  findDestinationLabel,
  findRecipients,
  type TOpenedException,
  type TTx,
} from "./store/triggers";

/**
 * Notifies about exceptions just written in `tx` (one batch: two or three
 * queries whatever its size). An exception with an owner goes to that owner;
 * one with only a team goes to the team's active managers, or to every active
 * manager when the team has none. One with neither is not pushed to anyone:
 * it waits in the shared queue (and counts toward the dead-letter alarm), so
 * a flood of unrouted events cannot become a flood of notifications.
 */
export async function notifyExceptionsOpened(tx: TTx, opened: TOpenedException[]) {
  if (opened.length === 0) return;
  const ownerIds = [...new Set(opened.flatMap((x) => (x.ownerId ? [x.ownerId] : [])))];
  const teamIds = [...new Set(opened.flatMap((x) => (!x.ownerId && x.teamId ? [x.teamId] : [])))];
  const people =
    ownerIds.length || teamIds.length ? await findRecipients(tx, ownerIds, teamIds) : [];
  const activeOwners = new Set(people.map((p) => p.id));
  const managersOf = new Map<string, string[]>();
  for (const p of people) {
    if (p.role === "MANAGER" && p.teamId && teamIds.includes(p.teamId)) {
      managersOf.set(p.teamId, [...(managersOf.get(p.teamId) ?? []), p.id]);
    }
  }
  let allManagers: string[] | null = null;
  if (teamIds.some((t) => !managersOf.has(t))) {
    allManagers = await findActiveUserIds(tx, ["MANAGER"]);
  }

  const causes: TNotificationCause[] = [];
  for (const x of opened) {
    const userIds = x.ownerId
      ? activeOwners.has(x.ownerId)
        ? [x.ownerId]
        : []
      : x.teamId
        ? (managersOf.get(x.teamId) ?? allManagers ?? [])
        : [];
    if (userIds.length === 0) continue;
    causes.push({
      kind: "exception_opened",
      userIds,
      title: x.title,
      body: x.detail ?? null,
      link: exceptionLink(x.id),
      dedupeKey: `exception:${x.id}`,
      eventId: x.eventId ?? null,
    });
  }
  const dead = opened.filter((x) => x.reason === "DEAD_LETTER");
  if (dead.length > 0) {
    const alarm = await deadLetterAlarm(tx, dead);
    if (alarm) causes.push(alarm);
  }
  await createNotificationsInTx(tx, causes);
}

/**
 * Open DEAD_LETTER exceptions just reached BATON_DEAD_LETTER_THRESHOLD (they
 * were below it before this batch): managers and admins hear about it once per
 * crossing. The crossing is named after the exception that made it, so the
 * same queue falling below and climbing back alarms again.
 */
async function deadLetterAlarm(
  tx: TTx,
  dead: TOpenedException[],
): Promise<TNotificationCause | null> {
  const threshold = env.BATON_DEAD_LETTER_THRESHOLD;
  const now = await countOpenDeadLetters(tx);
  const before = now - dead.length;
  if (!(before < threshold && now >= threshold)) return null;
  const crossing = dead[Math.min(dead.length - 1, threshold - before - 1)];
  const userIds = await findActiveUserIds(tx, ["MANAGER", "ADMIN"]);
  return {
    kind: "dead_letters",
    userIds,
    title: `${now} dead-lettered deliveries are waiting for a replay`,
    body:
      `Open DEAD_LETTER exceptions reached ${now} (alert threshold ${threshold}). ` +
      "A destination keeps failing: check it, then replay them from the queue.",
    link: "/queue?reason=DEAD_LETTER",
    dedupeKey: `dead_letters:${crossing.id}`,
    eventId: crossing.eventId ?? null,
  };
}

/**
 * Someone gave `ownerId` work by hand (a reassignment): they hear about it in
 * the app, unless they did it themselves. `handoffId` when the work is a lead
 * in their inbox, otherwise the exception is theirs in the queue. The key
 * carries the exception's version, so each reassignment notifies once.
 */
export async function notifyAssigned(
  tx: TTx,
  a: {
    by: { id: string; name: string };
    ownerId: string;
    exception: { id: string; title: string; version: number; eventId?: string | null };
    handoffId?: string | null;
    note?: string | null;
  },
) {
  if (a.ownerId === a.by.id) return;
  await createNotificationsInTx(tx, [
    {
      kind: "assigned",
      userIds: [a.ownerId],
      title: a.handoffId
        ? `${a.by.name} handed you a lead: ${a.exception.title}`
        : `${a.by.name} assigned you an exception: ${a.exception.title}`,
      body: a.note ?? null,
      link: a.handoffId ? handoffLink(a.handoffId) : exceptionLink(a.exception.id),
      dedupeKey: `assigned:${a.exception.id}:${a.exception.version}`,
      eventId: a.exception.eventId ?? null,
    },
  ]);
}

/**
 * A destination's circuit just opened (persisted in `tx`): every active admin
 * hears about it once per opening (the key carries the opening's time).
 */
export async function notifyCircuitOpened(tx: TTx, destinationId: string, openedAt: Date) {
  const destination = await findDestinationLabel(tx, destinationId);
  if (!destination) return;
  const admins = await findActiveUserIds(tx, ["ADMIN"]);
  await createNotificationsInTx(tx, [
    {
      kind: "circuit_open",
      userIds: admins,
      title: `${destination.name} is failing: its circuit opened`,
      body:
        `Deliveries to "${destination.key}" failed ${env.BATON_CIRCUIT_FAILURES} times in a row. ` +
        "They wait and are retried once the destination answers again.",
      link: "/destinations",
      dedupeKey: `circuit_open:${destinationId}:${openedAt.getTime()}`,
    },
  ]);
}

/**
 * A workflow's classifier was just held to suggesting (drift fallback,
 * persisted in `tx`): its owner and every active admin hear about it once per
 * fallback.
 */
export async function notifyClassifierDrift(
  tx: TTx,
  d: {
    fallbackId: string;
    workflow: { id: string; name: string; ownerId: string | null };
    precision: number;
    target: number;
    checks: number;
    modelVersion: number;
  },
) {
  const admins = await findActiveUserIds(tx, ["ADMIN"]);
  const owner = d.workflow.ownerId ? await findRecipients(tx, [d.workflow.ownerId], []) : [];
  const userIds = [...new Set([...owner.map((o) => o.id), ...admins])];
  const pct = (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;
  await createNotificationsInTx(tx, [
    {
      kind: "classifier_drift",
      userIds,
      title: `${d.workflow.name}: the classifier stopped acting alone`,
      body:
        `Live precision of classifier v${d.modelVersion} is ${pct(d.precision)} over ${d.checks} ` +
        `checked automatic decisions, below the ${pct(d.target)} target. Its decisions are only ` +
        "suggested until an admin lets it act again.",
      link: `/spot-checks?workflow=${encodeURIComponent(d.workflow.id)}`,
      dedupeKey: `classifier_drift:${d.fallbackId}`,
    },
  ]);
}
