import { createHash } from "node:crypto";
import { db } from "@/lib/server/db";
import { claimJobs, rescheduleJob, type TJobKind } from "@/lib/server/jobs";
import { processEventJobs } from "@/lib/engine/process-events";
import { runNotifyEmailJob } from "@/lib/destinations/email/notify-email";
import { runDeliveryJob } from "@/lib/destinations/deliver";
import { runAutoApproveJob, runSlaJob } from "@/lib/engine/timers";
import { asJson } from "@/lib/server/json";
import {
  ZWorkflowDefinition,
  type TWorkflowDefinitionInput,
} from "@/lib/workflow-definition/schema";
import { uniq } from "./factories";

/** A team of agents, with optional per-member overrides. */
export async function makeTeamWithAgents(n: number, overrides: Record<number, object> = {}) {
  const team = await db.team.create({ data: { name: uniq("team") } });
  const agents = [];
  for (let i = 0; i < n; i++) {
    agents.push(
      await db.user.create({
        data: {
          email: `${uniq("a")}@test.example`,
          name: `Agent ${i}`,
          role: "AGENT",
          passwordHash: "x",
          teamId: team.id,
          capacity: 10_000,
          ...overrides[i],
        },
      }),
    );
  }
  const manager = await db.user.create({
    data: {
      email: `${uniq("m")}@test.example`,
      name: "Team Manager",
      role: "MANAGER",
      passwordHash: "x",
      teamId: team.id,
    },
  });
  return { team, agents, manager };
}

export async function makeSource(
  opts: { contract?: object; identityMapping?: object; fieldMapping?: object } = {},
) {
  return db.source.create({
    data: {
      key: uniq("src"),
      name: "Test source",
      signingSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      contract: opts.contract ? asJson(opts.contract) : undefined,
      identityMapping: asJson(opts.identityMapping ?? { email: "email" }),
      fieldMapping: asJson(
        opts.fieldMapping ?? { name: "{firstName} {lastName}", company: "company", phone: "phone" },
      ),
    },
  });
}

/** A workflow with a published version 1 for the source. */
export async function makeWorkflow(sourceId: string, def: TWorkflowDefinitionInput) {
  const definition = ZWorkflowDefinition.parse(def);
  const wf = await db.workflow.create({
    data: { key: uniq("wf"), name: "Test workflow", sourceId, draft: asJson(definition) },
  });
  const v = await db.workflowVersion.create({
    data: { workflowId: wf.id, version: 1, definition: asJson(definition) },
  });
  await db.workflow.update({ where: { id: wf.id }, data: { publishedVersionId: v.id } });
  return { ...wf, versionId: v.id };
}

export async function makeDestination(
  url: string,
  extra: { maxAttempts?: number; timeoutMs?: number } = {},
) {
  return db.destination.create({
    data: {
      key: uniq("dst"),
      name: "Test destination",
      url,
      signingSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      timeoutMs: extra.timeoutMs ?? 1000,
      maxAttempts: extra.maxAttempts ?? 4,
      backoffBaseMs: 1,
    },
  });
}

/** Inserts an accepted event and its processing job, as ingest does. */
export async function receiveEvent(
  sourceId: string,
  payload: object,
  opts: { deadlineAt?: Date } = {},
) {
  const body = JSON.stringify(payload);
  const event = await db.event.create({
    data: {
      sourceId,
      idempotencyKey: uniq("msg"),
      bodyHash: createHash("sha256").update(body).digest("hex"),
      payload: body,
      headers: {},
      deadlineAt: opts.deadlineAt ?? new Date(Date.now() + 15 * 60_000),
    },
  });
  await db.job.create({
    data: { kind: "event.process", payload: { eventId: event.id }, eventId: event.id },
  });
  return event;
}

/** Runs due jobs of the given kinds until none are left (or `rounds` run out). */
export async function drain(
  kinds: TJobKind[] = ["event.process", "delivery.send", "exception.autoapprove"],
  rounds = 50,
) {
  for (let i = 0; i < rounds; i++) {
    const jobs = await claimJobs("test-worker", { limit: 200, leaseMs: 30_000, kinds });
    if (jobs.length === 0) return;
    const events = jobs.filter((j) => j.kind === "event.process");
    if (events.length) await processEventJobs(events);
    for (const j of jobs) {
      if (j.kind === "delivery.send") await runDeliveryJob(j);
      if (j.kind === "handoff.sla") await runSlaJob(j);
      if (j.kind === "exception.autoapprove") await runAutoApproveJob(j);
      if (j.kind === "notification.email") await runNotifyEmailJob(j);
    }
  }
}

/** Many accepted events at once (bulk inserts), for volume tests. */
export async function receiveEvents(sourceId: string, payloads: object[]) {
  const rows = payloads.map((p) => {
    const body = JSON.stringify(p);
    return {
      id: `e${uniq()}`,
      sourceId,
      idempotencyKey: uniq("msg"),
      bodyHash: createHash("sha256").update(body).digest("hex"),
      payload: body,
      headers: {},
      deadlineAt: new Date(Date.now() + 15 * 60_000),
    };
  });
  await db.event.createMany({ data: rows });
  await db.job.createMany({
    data: rows.map((r) => ({ kind: "event.process", payload: { eventId: r.id }, eventId: r.id })),
  });
  return rows.map((r) => r.id);
}

/**
 * Makes one destination's waiting deliveries due now and runs them (the
 * backoff is real, the wait is not); other test files' deliveries go straight
 * back to the queue, untouched. `serial` runs them one after another, as a
 * single worker would. Answers how many were this destination's.
 */
export async function runDueDeliveries(destinationKey: string, opts: { serial?: boolean } = {}) {
  const waiting = await db.job.findMany({
    where: { kind: "delivery.send", status: "QUEUED" },
    select: { id: true, payload: true },
  });
  const mine = waiting
    .filter((j) => (j.payload as { destinationKey: string }).destinationKey === destinationKey)
    .map((j) => j.id);
  await db.job.updateMany({ where: { id: { in: mine } }, data: { runAt: new Date() } });
  const claimed = await claimJobs(uniq("w"), {
    limit: 500,
    leaseMs: 30_000,
    kinds: ["delivery.send"],
  });
  const isMine = (j: (typeof claimed)[number]) =>
    (j.payload as { destinationKey: string }).destinationKey === destinationKey;
  await Promise.all(
    claimed
      .filter((j) => !isMine(j))
      .map((j) => rescheduleJob(j, j.runAt, "released by test", { refundAttempt: true })),
  );
  if (opts.serial) for (const j of claimed.filter(isMine)) await runDeliveryJob(j);
  else await Promise.all(claimed.filter(isMine).map((j) => runDeliveryJob(j)));
  return mine.length;
}
