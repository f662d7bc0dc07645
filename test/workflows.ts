import { createHash } from "node:crypto";
import { db } from "@/lib/server/db";
import { makeUser, uniq } from "@/test/factories";
import { makeSource, makeTeamWithAgents } from "@/test/pipeline";
import { createWorkflow } from "@/lib/workflows/mutations/create-workflow";

/** A source with a fresh team of two agents, a named owner and an admin: a blank slate per test. */
export async function workflowScenario() {
  const { actor: admin } = await makeUser("ADMIN");
  const { actor: manager } = await makeUser("MANAGER");
  const { actor: agent } = await makeUser("AGENT");
  const rr = await makeTeamWithAgents(2);
  const named = await makeTeamWithAgents(1);
  const source = await makeSource();
  const wf = await createWorkflow(admin, { name: uniq("Routing "), sourceId: source.id });
  const definition = (extra: object = {}) => ({
    requiredFields: ["company"],
    rules: [
      {
        id: "dach",
        name: "DACH",
        when: { in: [{ var: "country" }, ["DE", "AT", "CH"]] },
        assign: { strategy: "named", userId: named.agents[0].id },
      },
      {
        id: "rest",
        name: "Everyone else",
        when: null,
        assign: { strategy: "round_robin", teamId: rr.team.id, weights: {} },
      },
    ],
    sla: { acceptWithinMinutes: 30 },
    ...extra,
  });
  return { admin, manager, agent, rr, named, source, wf, definition };
}

/** Stores an event as ingest would, without a processing job (for backtests). */
export async function storeEvent(sourceId: string, payload: object, receivedAt = new Date()) {
  const body = JSON.stringify(payload);
  return db.event.create({
    data: {
      sourceId,
      idempotencyKey: uniq("msg"),
      bodyHash: createHash("sha256").update(body).digest("hex"),
      payload: body,
      headers: {},
      receivedAt,
      deadlineAt: new Date(receivedAt.getTime() + 15 * 60_000),
      status: "COMPLETED",
    },
  });
}

export const lead = (country: string, extra: object = {}) => ({
  email: `${uniq("lead")}@example.org`,
  company: "Acme",
  country,
  ...extra,
});
