import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import type { TWorkflowDefinitionInput } from "@/lib/workflow-definition/schema";
import { uniq } from "./factories";
import {
  drain,
  makeDestination,
  makeSource,
  makeTeamWithAgents,
  makeWorkflow,
  receiveEvent,
} from "./pipeline";

/**
 * Realistic exceptions for the operator tests: each scenario sends an event
 * through the real pipeline and returns the exception it opened, with the
 * team around it (agents, manager) as actors.
 */

export const lead = (extra: object = {}) => ({
  email: `${uniq("lead")}@acme.example`,
  company: `Acme ${uniq()}`,
  firstName: "Jane",
  lastName: "Doe",
  ...extra,
});

export function actorOf(u: {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "MANAGER" | "AGENT";
  teamId: string | null;
}): TActor {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    teamId: u.teamId,
    active: true,
    via: "session",
  };
}

export const emailContract = {
  type: "object",
  required: ["email"],
  properties: { email: { type: "string", format: "email" } },
};

type TScenarioOpts = {
  agents?: number;
  rule?: Partial<TWorkflowDefinitionInput["rules"][number]>;
  def?: Partial<TWorkflowDefinitionInput>;
  contract?: object;
  payload?: object;
};

/** A team, a source and a workflow; one event through the pipeline; its exception (if any). */
export async function scenario(opts: TScenarioOpts = {}) {
  const { team, agents, manager } = await makeTeamWithAgents(opts.agents ?? 2);
  const source = await makeSource(opts.contract ? { contract: opts.contract } : {});
  const workflow = await makeWorkflow(source.id, {
    rules: [
      {
        id: "all",
        name: "All",
        assign: { strategy: "round_robin", teamId: team.id },
        ...opts.rule,
      },
    ],
    sla: { acceptWithinMinutes: 30 },
    ...opts.def,
  });
  const event = await receiveEvent(source.id, opts.payload ?? lead());
  await settle([event.id]);
  const exception = await db.exception.findFirst({
    where: { eventId: event.id },
    orderBy: { createdAt: "desc" },
  });
  return {
    team,
    agents,
    manager,
    source,
    workflow,
    event,
    exception: exception!,
    agentActors: agents.map(actorOf),
    managerActor: actorOf(manager),
  };
}

/** APPROVAL_REQUIRED with a suggested owner (full review). */
export const approvalScenario = (opts: TScenarioOpts = {}) =>
  scenario({ ...opts, rule: { approval: { tier: "full_review" }, ...opts.rule } });

/** CONTRACT_VIOLATION: the email is not an email. */
export const contractScenario = (opts: TScenarioOpts = {}) =>
  scenario({ contract: emailContract, payload: lead({ email: "not-an-email" }), ...opts });

/**
 * Processes events until each has an outcome. Test files share one database
 * and another file's drain may have claimed these events' jobs, so an empty
 * queue does not mean they are done: wait for their status.
 */
export async function settle(eventIds: string[]) {
  for (let i = 0; i < 200; i++) {
    await drain(["event.process"]);
    const pending = await db.event.count({
      where: { id: { in: eventIds }, status: { in: ["RECEIVED", "PROCESSING"] } },
    });
    if (pending === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("settle: events still without an outcome");
}

/** Runs due deliveries (and everything else) until `done` says so, or gives up. */
export async function drainUntil(done: () => Promise<boolean>, rounds = 30) {
  for (let i = 0; i < rounds; i++) {
    await db.job.updateMany({
      where: { kind: "delivery.send", status: "QUEUED" },
      data: { runAt: new Date() },
    });
    await drain(["event.process", "delivery.send"]);
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("drainUntil: condition not met");
}

/** A delivery that fails until its retries run out: a DEAD_LETTER exception on a handed-off event. */
export async function deadLetterScenario(url: string) {
  const d = await makeDestination(url, { maxAttempts: 2 });
  const s = await scenario({
    def: { actions: [{ id: "crm", name: "Create lead", type: "webhook", destinationKey: d.key }] },
  });
  const find = () =>
    db.exception.findFirst({ where: { eventId: s.event.id, reason: "DEAD_LETTER" } });
  await drainUntil(async () => !!(await find()));
  return { ...s, destination: d, exception: (await find())! };
}

/**
 * Makes a handoff overdue and runs its own SLA timer (reassign or SLA_BREACH,
 * as the workflow says). The job is leased directly rather than through
 * claimJobs, which would also take other test files' due timers.
 */
export async function expireHandoff(handoffId: string) {
  const { runSlaJob } = await import("@/lib/engine/timers");
  await db.handoff.update({
    where: { id: handoffId },
    data: { dueAt: new Date(Date.now() - 1000) },
  });
  const jobs = await db.job.findMany({
    where: { kind: "handoff.sla", status: "QUEUED", payload: { equals: { handoffId } } },
  });
  for (const job of jobs) {
    const leaseOwner = uniq("sla-test");
    await db.job.update({
      where: { id: job.id },
      data: { status: "RUNNING", leaseOwner, leaseExpiresAt: new Date(Date.now() + 30_000) },
    });
    await runSlaJob({
      id: job.id,
      kind: "handoff.sla",
      payload: job.payload as Record<string, unknown>,
      attempts: job.attempts + 1,
      maxAttempts: job.maxAttempts,
      eventId: job.eventId,
      leaseOwner,
      runAt: job.runAt,
    });
  }
}
