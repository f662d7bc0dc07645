import "server-only";
import { nextDelayMs } from "@/lib/destinations/backoff";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import {
  completeJobsInTx,
  enqueueJobs,
  killJob,
  LeaseLostError,
  rescheduleJob,
  type TClaimedJob,
} from "@/lib/server/jobs";
import { asJson } from "@/lib/server/json";
import { logger } from "@/lib/server/logger";
import { loadDirectory, loadLedger, loadLiveWorkflows, type TLiveWorkflow } from "./data";
import {
  emptyWrites,
  planEvent,
  type TBatchState,
  type TEventRow,
  type TRecordState,
} from "./plan-event";
import { understand } from "./understand";

const eventSelect = {
  id: true,
  payload: true,
  receivedAt: true,
  status: true,
  source: {
    select: {
      id: true,
      key: true,
      name: true,
      contract: true,
      identityMapping: true,
      fieldMapping: true,
    },
  },
} as const;

/**
 * Runs a batch of `event.process` jobs: one transaction plans every event
 * (understand → decide → act), writes all effects with batched inserts, and
 * marks the jobs done under their lease. If the batch fails, each event is
 * retried alone so one poison event cannot hold the others back.
 */
export async function processEventJobs(
  jobs: TClaimedJob[],
): Promise<{ processed: number; failed: number }> {
  if (jobs.length === 0) return { processed: 0, failed: 0 };
  try {
    await db.$transaction((tx) => processBatch(tx, jobs), { timeout: 120_000, maxWait: 30_000 });
    return { processed: jobs.length, failed: 0 };
  } catch (e) {
    if (jobs.length === 1) {
      await handleFailure(jobs[0], e);
      return { processed: 0, failed: 1 };
    }
    logger.warn(
      { err: e, jobs: jobs.length },
      "event batch failed; processing its events one by one",
    );
    let processed = 0;
    let failed = 0;
    for (const job of jobs) {
      const r = await processEventJobs([job]);
      processed += r.processed;
      failed += r.failed;
    }
    return { processed, failed };
  }
}

async function handleFailure(job: TClaimedJob, e: unknown) {
  if (e instanceof LeaseLostError) return; // another worker owns it now
  const message = e instanceof Error ? e.message : String(e);
  logger.error(
    { err: e, eventId: job.eventId, jobId: job.id, attempt: job.attempts },
    "event processing failed",
  );
  if (job.attempts >= job.maxAttempts) {
    // The reconciler turns the event into a STUCK exception a person can replay.
    await killJob(job, message);
    return;
  }
  await rescheduleJob(
    job,
    new Date(Date.now() + nextDelayMs(job.attempts, 1000, { now: new Date() })),
    message,
  );
}

async function processBatch(tx: TTx, jobs: TClaimedJob[]) {
  const now = new Date();
  const eventIds = jobs.map((j) => String(j.payload.eventId ?? j.eventId));
  const rows = await tx.event.findMany({ where: { id: { in: eventIds } }, select: eventSelect });
  // Already processed (a replayed job, or a retry after a lost commit): nothing to do twice.
  const pending = rows.filter((r) => r.status === "RECEIVED" || r.status === "PROCESSING");
  if (pending.length > 0) {
    const state = await loadBatchState(tx, pending, now);
    for (const event of pending) planEvent(event as TEventRow, state);
    await flushBatchWrites(tx, state);
  }
  await completeJobsInTx(tx, jobs);
}

/** The state a batch plans against; also used (read-only) by workflow test runs. */
export async function loadBatchState(
  tx: TTx,
  events: TEventRow[],
  now: Date,
): Promise<TBatchState> {
  const sourceIds = [...new Set(events.map((e) => e.source.id))];
  const [directory, ledger, workflowLists] = await Promise.all([
    loadDirectory(tx),
    loadLedger(tx),
    Promise.all(sourceIds.map((id) => loadLiveWorkflows(id, tx))),
  ]);
  const workflows = new Map<string, TLiveWorkflow[]>(
    sourceIds.map((id, i) => [id, workflowLists[i]]),
  );

  // Records this batch may stitch onto or find duplicates among: by identity,
  // email, phone or company of what each event says (Understand is pure, so
  // running it here too is cheap).
  const keys = new Set<string>();
  const emails = new Set<string>();
  const phones = new Set<string>();
  const companies = new Set<string>();
  for (const e of events) {
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(e.payload) as Record<string, unknown>;
    } catch {
      continue;
    }
    const u = understand(e.source, payload);
    if (!u.ok) continue;
    keys.add(u.identityKey);
    if (u.fields.email) emails.add(u.fields.email);
    if (u.fields.phone) phones.add(u.fields.phone);
    if (u.fields.company) companies.add(u.fields.company);
  }
  const found = keys.size
    ? await tx.record.findMany({
        where: {
          OR: [
            { identityKey: { in: [...keys] } },
            { email: { in: [...emails] } },
            { phone: { in: [...phones] } },
            { company: { in: [...companies] } },
          ],
        },
        take: 5000,
      })
    : [];
  const known: TRecordState[] = found.map((r) => ({
    id: r.id,
    identityKey: r.identityKey,
    email: r.email,
    name: r.name,
    company: r.company,
    phone: r.phone,
    attributes: (r.attributes ?? {}) as Record<string, unknown>,
    ownerId: r.ownerId,
    isNew: false,
  }));
  return {
    now,
    directory,
    ledger: [...ledger],
    records: new Map(known.map((r) => [r.identityKey, r])),
    candidates: known,
    workflows,
    writes: emptyWrites(),
  };
}

/**
 * Writes everything a batch planned, in the caller's transaction: new records,
 * stitched records, handoffs, exceptions, audit entries, follow-up jobs,
 * ledger increments (atomic, so concurrent workers agree) and event updates.
 */
export async function flushBatchWrites(tx: TTx, state: TBatchState) {
  const w = state.writes;
  const recordData = (r: TRecordState) => ({
    email: r.email,
    name: r.name,
    company: r.company,
    phone: r.phone,
    ownerId: r.ownerId,
    attributes: asJson(r.attributes),
  });
  if (w.recordsCreate.length) {
    await tx.record.createMany({
      data: w.recordsCreate.map((r) => ({
        id: r.id,
        identityKey: r.identityKey,
        ...recordData(r),
      })),
    });
  }
  // By identity key, whatever key the batch's map uses (a replay maps an event onto a chosen record).
  for (const r of new Set(state.records.values())) {
    if (w.recordsTouched.has(r.identityKey))
      await tx.record.update({ where: { id: r.id }, data: recordData(r) });
  }
  if (w.handoffs.length) await tx.handoff.createMany({ data: w.handoffs as never[] });
  if (w.exceptions.length) await tx.exception.createMany({ data: w.exceptions });
  if (w.audits.length) await tx.auditEntry.createMany({ data: w.audits });
  await enqueueJobs(tx, w.jobs);
  // Atomic increments: several workers may assign in the same team at once.
  for (const l of w.ledger.values()) {
    await tx.roundRobinLedger.upsert({
      where: { teamId_userId: { teamId: l.teamId, userId: l.userId } },
      create: {
        teamId: l.teamId,
        userId: l.userId,
        assignedCount: l.count,
        lastAssignedAt: l.last,
      },
      update: { assignedCount: { increment: l.count }, lastAssignedAt: l.last },
    });
  }
  for (const e of w.events) {
    await tx.event.update({ where: { id: e.id }, data: e.data as never });
  }
}
