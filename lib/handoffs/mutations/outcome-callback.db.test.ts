import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { settle } from "@/test/operator";
import {
  makeDestination,
  makeSource,
  makeTeamWithAgents,
  makeWorkflow,
  receiveEvent,
} from "@/test/pipeline";
import { lead } from "@/test/operator";
import { handleOutcomeCallback } from "./outcome-callback";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/** A routed handoff whose "Create deal" action was sent to a destination (its delivery row). */
async function sentHandoff() {
  const { team } = await makeTeamWithAgents(1);
  const onboarding = await makeTeamWithAgents(1);
  const [s1, s2] = [await makeSource(), await makeSource()];
  const onb = await makeWorkflow(s2.id, {
    rules: [
      { id: "all", name: "All", assign: { strategy: "round_robin", teamId: onboarding.team.id } },
    ],
    sla: { acceptWithinMinutes: 30 },
  });
  await makeWorkflow(s1.id, {
    rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
    sla: { acceptWithinMinutes: 30 },
    outcomes: ["won", "lost"],
    next: [{ outcome: "won", workflowKey: onb.key }],
  });
  const event = await receiveEvent(s1.id, lead());
  await settle([event.id]);
  const h = await db.handoff.findFirstOrThrow({ where: { eventId: event.id } });
  const d = await makeDestination("http://127.0.0.1:9/crm");
  await db.delivery.create({
    data: {
      destinationId: d.id,
      eventId: event.id,
      handoffId: h.id,
      idempotencyKey: `k-${h.id}`,
      attempt: 1,
      status: "SUCCEEDED",
      httpStatus: 200,
      durationMs: 5,
    },
  });
  return { h, d, onboarding };
}

function report(key: string, body: object | string, opts: { secret?: string; at?: Date } = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const at = opts.at ?? new Date();
  const signature = new Webhook(opts.secret ?? SECRET).sign(id, at, text);
  return handleOutcomeCallback(
    new Request(`http://127.0.0.1/api/v1/destinations/${key}/outcomes`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body: text,
    }),
    key,
  );
}

describe("outcomes reported by a destination", () => {
  it("a signed 'won' completes the handoff as the destination and starts the next stage; a repeat is a duplicate", async () => {
    const { h, d, onboarding } = await sentHandoff();
    const res = await report(d.key, { handoffId: h.id, outcome: "won", note: "Deal 4711 closed" });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ handoffId: h.id, state: "COMPLETED", outcome: "won" });
    expect(body.nextStage.eventId).toBeTruthy();
    expect(await db.handoff.findUniqueOrThrow({ where: { id: h.id } })).toMatchObject({
      state: "COMPLETED",
      outcome: "won",
      outcomeNote: "Deal 4711 closed",
    });
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { entityId: h.id, action: "handoff.completed" },
    });
    expect(audit).toMatchObject({ actorType: "SYSTEM", actorLabel: `destination:${d.key}` });
    await settle([body.nextStage.eventId]);
    const next = await db.handoff.findFirstOrThrow({ where: { eventId: body.nextStage.eventId } });
    expect(next).toMatchObject({ recordId: h.recordId, teamId: onboarding.team.id });

    const again = await report(d.key, { handoffId: h.id, outcome: "won" });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    const other = await report(d.key, { handoffId: h.id, outcome: "lost" });
    expect(other.status).toBe(409);
    expect((await other.json()).detail).toBe('This handoff is already completed as "won"');
    expect(await db.event.count({ where: { idempotencyKey: `chain:${h.id}` } })).toBe(1);
  });

  it("refuses a bad signature, a handoff not sent there, an unknown outcome and bad fields, by name", async () => {
    const { h, d } = await sentHandoff();
    const forged = await report(
      d.key,
      { handoffId: h.id, outcome: "won" },
      {
        secret: "whsec_dGhpcyBpcyBub3QgdGhlIHNlY3JldA==",
      },
    );
    expect(forged.status).toBe(401);
    const stale = await report(
      d.key,
      { handoffId: h.id, outcome: "won" },
      {
        at: new Date(Date.now() - 3_600_000),
      },
    );
    expect(stale.status).toBe(401);
    const elsewhere = await makeDestination("http://127.0.0.1:9/other");
    const notSent = await report(elsewhere.key, { handoffId: h.id, outcome: "won" });
    expect(notSent.status).toBe(404);
    expect((await notSent.json()).detail).toBe(`No handoff "${h.id}" was sent to this destination`);
    const unknown = await report(d.key, { handoffId: h.id, outcome: "maybe" });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).detail).toMatch(/Choose one of: won, lost/);
    const fields = await report(d.key, { outcome: "" });
    expect(fields.status).toBe(400);
    expect((await fields.json()).fields).toMatchObject({
      handoffId: [expect.any(String)],
      outcome: ["Say the outcome"],
    });
    const junk = await report(d.key, "{not json");
    expect(junk.status).toBe(400);
    expect((await report("no-such-destination", { handoffId: h.id, outcome: "won" })).status).toBe(
      404,
    );
    // Nothing of that changed the handoff.
    expect((await db.handoff.findUniqueOrThrow({ where: { id: h.id } })).state).toBe("PENDING");
  });
});
