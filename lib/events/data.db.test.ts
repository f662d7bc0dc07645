import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeUser, uniq } from "@/test/factories";
import { getEventDetail, parseTimeline } from "./data";
import { ZEventDetail } from "./schema";

async function makeEvent(extra: { payload?: string; timeline?: object[]; decision?: object }) {
  const source = await db.source.create({
    data: { key: uniq("ev-src-"), name: "Events test", signingSecret: `whsec_${uniq("secret")}` },
  });
  const now = new Date();
  const event = await db.event.create({
    data: {
      sourceId: source.id,
      idempotencyKey: uniq("msg_"),
      bodyHash: "x",
      payload: extra.payload ?? '{"email":"ev@example.com"}',
      headers: {},
      deadlineAt: new Date(now.getTime() + 60_000),
      timeline: extra.timeline,
      decision: extra.decision,
    },
  });
  return { source, event };
}

describe("getEventDetail", () => {
  it("answers the event with its outcome in the documented shape, never a secret", async () => {
    const { user } = await makeUser("AGENT");
    const at = new Date().toISOString();
    const { source, event } = await makeEvent({
      timeline: [
        { step: "trigger", at, ok: true },
        { step: "decide", at, ok: false, note: "NO_ROUTE" },
      ],
      decision: { summary: "Routed by rule r1", ruleId: "r1" },
    });
    const record = await db.record.create({ data: { identityKey: `email:${uniq()}@x.test` } });
    await db.event.update({
      where: { id: event.id },
      data: { status: "ROUTED", processedAt: new Date(), recordId: record.id },
    });
    const handoff = await db.handoff.create({
      data: { recordId: record.id, eventId: event.id, ownerId: user.id, dueAt: new Date() },
    });
    const destination = await db.destination.create({
      data: { key: uniq("dest-"), name: "CRM", url: "http://127.0.0.1:9/x", signingSecret: "d" },
    });
    await db.delivery.create({
      data: {
        destinationId: destination.id,
        eventId: event.id,
        idempotencyKey: uniq(),
        attempt: 1,
        status: "SUCCEEDED",
        httpStatus: 200,
        durationMs: 12,
      },
    });

    const detail = await getEventDetail(event.id);
    expect(ZEventDetail.parse(detail)).toEqual(detail);
    expect(detail).toMatchObject({
      id: event.id,
      sourceKey: source.key,
      status: "ROUTED",
      payload: { email: "ev@example.com" },
      timeline: [{ step: "trigger" }, { step: "decide", ok: false, note: "NO_ROUTE" }],
      decision: { ruleId: "r1" },
      outcome: {
        recordId: record.id,
        handoffs: [{ id: handoff.id, ownerId: user.id, ownerName: user.name, state: "PENDING" }],
        exceptions: [],
        deliveries: [{ destinationKey: destination.key, attempt: 1, httpStatus: 200 }],
      },
    });
    expect(JSON.stringify(detail)).not.toContain("whsec_");
  });

  it("answers null for an unknown id", async () => {
    expect(await getEventDetail("evt_does_not_exist")).toBeNull();
  });

  it("passes an unparsable body on as text and an unprocessed event with empty parts", async () => {
    const { event } = await makeEvent({ payload: "not json" });
    expect(await getEventDetail(event.id)).toMatchObject({
      payload: "not json",
      status: "RECEIVED",
      processedAt: null,
      timeline: [],
      decision: null,
      outcome: { recordId: null, handoffs: [], exceptions: [], deliveries: [] },
    });
  });
});

describe("parseTimeline", () => {
  it("keeps well-formed steps and drops the rest", () => {
    const at = new Date().toISOString();
    expect(parseTimeline([{ step: "act", at, ok: true }, { step: 3 }, null, "x"])).toEqual([
      { step: "act", at, ok: true },
    ]);
    expect(parseTimeline({ step: "act" })).toEqual([]);
  });
});
