import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { actOnException } from "@/lib/exceptions/mutations/act-on-exception";
import { startFakeCrm } from "@/test/fake-crm";
import { makeUser, uniq } from "@/test/factories";
import {
  drain,
  makeSource,
  makeTeamWithAgents,
  makeWorkflow,
  receiveEvent,
  runDueDeliveries,
} from "@/test/pipeline";
import { resetBreakers } from "../circuit";
import { createRecordDestination } from "./mutations";
import { reconcileRecordDestinations } from "./reconcile";
import { ZCreateRecordDestination } from "./schema";
import { findUnconfirmedEvents, recordCoverage } from "@/lib/dashboard/store/record-coverage";

/**
 * Record write-back against a fake CRM: a real HTTP server on 127.0.0.1
 * with its own contacts (test/fake-crm.ts).
 */
const crms: Awaited<ReturnType<typeof startFakeCrm>>[] = [];
const savedAllow = env.BATON_OUTBOUND_ALLOW;
afterEach(async () => {
  env.BATON_OUTBOUND_ALLOW = savedAllow;
  await Promise.all(crms.splice(0).map((c) => c.close()));
  resetBreakers();
});

const BODY = JSON.stringify({
  email: "{{record.email}}",
  company: "{{record.company}}",
  owner: "{{handoff.owner.email}}",
  stage: "new",
  note: "Lead from {{payload.channel}}",
});

async function setup(opts: { verify?: boolean; maxAttempts?: number } = {}) {
  const token = `tok_${uniq()}`;
  const crm = await startFakeCrm({ token });
  crms.push(crm);
  const { actor: admin } = await makeUser("ADMIN");
  const dest = await createRecordDestination(
    admin,
    ZCreateRecordDestination.parse({
      key: uniq("crm")
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, ""),
      name: "Fake CRM",
      url: crm.url,
      authHeaderValue: `Bearer ${token}`,
      reconcileEnabled: "on",
      reconcileWindowHours: "24",
      maxAttempts: String(opts.maxAttempts ?? 4),
      backoffBaseMs: "100",
    }),
  );
  const { team, agents } = await makeTeamWithAgents(1);
  const source = await makeSource();
  const wf = await makeWorkflow(source.id, {
    rules: [{ id: "all", name: "All", assign: { strategy: "named", userId: agents[0].id } }],
    sla: { acceptWithinMinutes: 30 },
    actions: [
      {
        id: "crm",
        name: "CRM upsert",
        type: "record",
        destinationKey: dest.key,
        create: { method: "POST", path: "/contacts", body: BODY },
        update: { method: "PATCH", path: "/contacts/{{externalId}}", body: BODY },
        idPointer: "/id",
        ...(opts.verify === false
          ? {}
          : {
              verify: {
                path: "/contacts/{{externalId}}",
                fields: [
                  { label: "owner", pointer: "/owner", expected: "{{handoff.owner.email}}" },
                  { label: "email", pointer: "/email", expected: "{{record.email}}" },
                ],
              },
            }),
      },
    ],
  });
  return { crm, dest, source, team, agent: agents[0], wf, token };
}

const runDue = (key: string) => runDueDeliveries(key, { serial: true });

const lead = (email: string) => ({
  email,
  company: `Acme ${uniq()}`,
  firstName: "Jane",
  lastName: uniq("Doe"),
  channel: "web",
});

describe("record write-back", () => {
  it("creates once, stores the downstream id, then updates it by that id", async () => {
    const { crm, dest, source, agent, token } = await setup();
    const email = `${uniq()}@acme.example`;
    const e1 = await receiveEvent(source.id, lead(email));
    await drain(["event.process"]);
    await runDue(dest.key);

    expect(crm.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /contacts 201",
      "GET /contacts/c_1 200",
    ]);
    expect(crm.requests.every((r) => r.auth === `Bearer ${token}`)).toBe(true);
    expect(crm.state.get("c_1")).toMatchObject({
      email,
      owner: agent.email,
      note: "Lead from web",
    });
    const record = await db.record.findFirstOrThrow({ where: { email } });
    const link = await db.externalRecordLink.findUniqueOrThrow({
      where: { recordId_destinationId: { recordId: record.id, destinationId: dest.id } },
    });
    expect(link.externalId).toBe("c_1");
    expect(link.confirmedAt).not.toBeNull();
    const d1 = await db.delivery.findFirstOrThrow({ where: { eventId: e1.id } });
    expect(d1).toMatchObject({ status: "SUCCEEDED", httpStatus: 201 });
    expect(d1.responseExcerpt).toBe(
      `sent POST /contacts → 201 → id c_1 → read back → owner = ${agent.email} ✓ → email = ${email} ✓`,
    );
    expect((await db.event.findUniqueOrThrow({ where: { id: e1.id } })).status).toBe("COMPLETED");

    // The same record again: an update by the stored id, no second create.
    const e2 = await receiveEvent(source.id, { ...lead(email), company: "Acme Two" });
    await drain(["event.process"]);
    await runDue(dest.key);
    expect(crm.requests.slice(2).map((r) => `${r.method} ${r.path}`)).toEqual([
      "PATCH /contacts/c_1",
      "GET /contacts/c_1",
    ]);
    expect(crm.state.size).toBe(1);
    expect(crm.state.get("c_1")).toMatchObject({ company: "Acme Two" });
    expect(await db.externalRecordLink.count({ where: { recordId: record.id } })).toBe(1);
    expect((await db.event.findUniqueOrThrow({ where: { id: e2.id } })).status).toBe("COMPLETED");
    const checks = await db.recordCheck.findMany({ where: { recordId: record.id } });
    expect(checks.map((c) => [c.kind, c.matched])).toEqual([
      ["READ_BACK", true],
      ["READ_BACK", true],
    ]);
  });

  it("creates once under a forced retry (the answer is lost), and updates once under another", async () => {
    const { crm, dest, source } = await setup();
    const email = `${uniq()}@acme.example`;
    crm.setMode("fail_after_apply");
    const e1 = await receiveEvent(source.id, lead(email));
    await drain(["event.process"]);
    await runDue(dest.key); // applied downstream, 503 back: retried
    await runDue(dest.key); // the same Idempotency-Key: the CRM answers the first create
    expect(crm.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /contacts 503",
      "POST /contacts 201",
      "GET /contacts/c_1 200",
    ]);
    expect(new Set(crm.requests.slice(0, 2).map((r) => r.key)).size).toBe(1);
    expect(crm.state.size).toBe(1);
    const deliveries = await db.delivery.findMany({
      where: { eventId: e1.id },
      orderBy: { attempt: "asc" },
    });
    expect(deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, "FAILED_TRANSIENT"],
      [2, "SUCCEEDED"],
    ]);

    crm.setMode("fail_after_apply");
    await receiveEvent(source.id, { ...lead(email), company: "Later" });
    await drain(["event.process"]);
    await runDue(dest.key);
    await runDue(dest.key);
    const later = crm.requests.slice(3).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(later).toEqual([
      "PATCH /contacts/c_1 503",
      "PATCH /contacts/c_1 200",
      "GET /contacts/c_1 200",
    ]);
    expect(crm.requests.filter((r) => r.method === "POST" && r.status === 201)).toHaveLength(1);
    expect(crm.state.size).toBe(1);
  });

  it("catches a CRM that answers 200 but drops the change, and a replay writes it again", async () => {
    const { crm, dest, source, agent, team } = await setup();
    const email = `${uniq()}@acme.example`;
    await receiveEvent(source.id, lead(email));
    await drain(["event.process"]);
    await runDue(dest.key);
    crm.setMode("drop");
    // A second event for the record: the PATCH is "accepted" and dropped.
    const e2 = await receiveEvent(source.id, lead(email));
    crm.state.set("c_1", { ...crm.state.get("c_1")!, owner: "someone.else@acme.example" });
    await drain(["event.process"]);
    await runDue(dest.key);

    const x = await db.exception.findFirstOrThrow({ where: { eventId: e2.id } });
    expect(x.reason).toBe("VERIFY_MISMATCH");
    expect(x.allowedActions).toEqual(["replay", "escalate", "close"]);
    const c = x.context as { fields: unknown[]; trace: string[]; externalId: string };
    expect(c.externalId).toBe("c_1");
    expect(c.fields).toEqual([
      {
        label: "owner",
        pointer: "/owner",
        expected: agent.email,
        actual: "someone.else@acme.example",
        ok: false,
      },
      { label: "email", pointer: "/email", expected: email, actual: email, ok: true },
    ]);
    expect(c.trace).toEqual([
      "sent PATCH /contacts/c_1",
      "200",
      "read back",
      `owner = someone.else@acme.example ✗ (expected ${agent.email})`,
      `email = ${email} ✓`,
    ]);
    expect(x.detail).toMatch(/owner: expected ".+", found "someone\.else@acme\.example"/);
    const d = await db.delivery.findFirstOrThrow({ where: { eventId: e2.id } });
    expect(d).toMatchObject({
      status: "FAILED_PERMANENT",
      error: "verify_mismatch",
      httpStatus: 200,
    });
    expect((await db.event.findUniqueOrThrow({ where: { id: e2.id } })).status).toBe("EXCEPTION");

    // The CRM is fixed; the operator replays: written again (PATCH, same key), verified, resolved.
    crm.setMode("ok");
    const { actor: manager } = await makeUser("MANAGER", { teamId: team.id });
    await actOnException(manager, x.id, {
      action: "replay",
      version: x.version,
      from: "failed_step",
    });
    await runDue(dest.key);
    expect(crm.state.get("c_1")).toMatchObject({ owner: agent.email });
    const after = await db.exception.findUniqueOrThrow({ where: { id: x.id } });
    expect(after).toMatchObject({ status: "RESOLVED", resolution: "REPLAYED" });
    expect((await db.event.findUniqueOrThrow({ where: { id: e2.id } })).status).toBe("COMPLETED");
  });

  it("finds a field changed downstream by reconciliation, once while the drift is open", async () => {
    const { crm, dest, source, agent } = await setup();
    const email = `${uniq()}@acme.example`;
    await receiveEvent(source.id, lead(email));
    await drain(["event.process"]);
    await runDue(dest.key);
    const now = new Date();

    const clean = await reconcileRecordDestinations(now, { onlyDestinationId: dest.id });
    expect(clean).toMatchObject({ destinations: 1, checked: 1, matched: 1, drifted: 0, opened: 0 });

    crm.state.set("c_1", { ...crm.state.get("c_1")!, owner: "hijack@acme.example" });
    const drift = await reconcileRecordDestinations(now, { onlyDestinationId: dest.id });
    expect(drift).toMatchObject({ checked: 1, drifted: 1, opened: 1 });
    const record = await db.record.findFirstOrThrow({ where: { email } });
    const x = await db.exception.findFirstOrThrow({
      where: { recordId: record.id, reason: "RECONCILE_DRIFT" },
    });
    expect(
      (x.context as { fields: { ok: boolean; expected: string; actual: string }[] }).fields[0],
    ).toEqual(
      expect.objectContaining({ ok: false, expected: agent.email, actual: "hijack@acme.example" }),
    );
    const again = await reconcileRecordDestinations(now, { onlyDestinationId: dest.id });
    expect(again).toMatchObject({ drifted: 1, opened: 0 });
    expect(
      await db.exception.count({ where: { recordId: record.id, reason: "RECONCILE_DRIFT" } }),
    ).toBe(1);

    // Records written before the window are not read.
    const later = new Date(now.getTime() + 25 * 3_600_000);
    expect(await reconcileRecordDestinations(later, { onlyDestinationId: dest.id })).toMatchObject({
      checked: 0,
    });
  });

  it("the outbound guard still refuses the CRM's address when loopback is not allowed", async () => {
    const { crm, dest, source } = await setup();
    env.BATON_OUTBOUND_ALLOW = "";
    const e = await receiveEvent(source.id, lead(`${uniq()}@acme.example`));
    await drain(["event.process"]);
    await runDue(dest.key);
    expect(crm.requests).toHaveLength(0);
    const x = await db.exception.findFirstOrThrow({ where: { eventId: e.id } });
    expect(x.reason).toBe("DELIVERY_REJECTED");
    expect(x.detail).toMatch(/BATON_OUTBOUND_ALLOW/);
    expect(
      ZCreateRecordDestination.safeParse({ key: "crm-x", name: "CRM", url: "http://10.0.0.5/" })
        .success,
    ).toBe(false);
  });

  it("coverage counts records confirmed downstream within 1 h and 24 h, and lists the rest", async () => {
    const { crm, dest, source } = await setup();
    const T = new Date("2020-03-02T10:00:00.000Z");
    const at = (minutes: number) => new Date(T.getTime() + minutes * 60_000);
    const write = async (mode: "ok" | "drop") => {
      crm.setMode(mode);
      const e = await receiveEvent(source.id, lead(`${uniq()}@acme.example`));
      await drain(["event.process"]);
      await runDue(dest.key);
      const { recordId } = await db.event.findUniqueOrThrow({ where: { id: e.id } });
      await db.event.update({ where: { id: e.id }, data: { receivedAt: T } });
      return { eventId: e.id, recordId: recordId! };
    };
    const checkAt = (recordId: string, minutes: number) =>
      db.recordCheck.updateMany({ where: { recordId }, data: { createdAt: at(minutes) } });
    const a = await write("ok"); // read back 30 min later: within 1 h
    await checkAt(a.recordId, 30);
    const b = await write("ok"); // read back 3 h later: within 24 h only
    await checkAt(b.recordId, 180);
    const c = await write("drop"); // never confirmed
    await checkAt(c.recordId, 1);
    const d = await write("drop"); // mismatch, then confirmed by reconciliation 2 h later
    await checkAt(d.recordId, 1);
    const contact = [...crm.state.values()].at(-1)!;
    const expected = (
      await db.externalRecordLink.findFirstOrThrow({ where: { recordId: d.recordId } })
    ).expected as { fields: { pointer: string; expected: string }[] };
    for (const f of expected.fields) contact[f.pointer.slice(1)] = f.expected;
    await db.externalRecordLink.updateMany({
      where: { recordId: d.recordId },
      data: { lastWrittenAt: at(0) },
    });
    const r = await reconcileRecordDestinations(at(120), { onlyDestinationId: dest.id });
    expect(r.matched).toBeGreaterThanOrEqual(1);
    // An event of a workflow that writes no record is not counted.
    const other = await receiveEvent((await makeSource()).id, lead(`${uniq()}@acme.example`));
    await db.event.update({ where: { id: other.id }, data: { receivedAt: T } });

    const range = { from: at(-60), to: at(60) };
    const now = at(48 * 60);
    expect(await recordCoverage(range, now, "1h")).toEqual({
      counted: 4,
      confirmed: 1,
      rate: 0.25,
    });
    expect(await recordCoverage(range, now, "24h")).toEqual({
      counted: 4,
      confirmed: 3,
      rate: 0.75,
    });
    const list1 = await findUnconfirmedEvents(range, now, "1h", { limit: 50, offset: 0 });
    expect(list1.total).toBe(3);
    expect(new Set(list1.data.map((e) => e.id))).toEqual(
      new Set([b.eventId, c.eventId, d.eventId]),
    );
    const list24 = await findUnconfirmedEvents(range, now, "24h", { limit: 50, offset: 0 });
    expect(list24.data.map((e) => [e.id, e.lastCheck?.matched])).toEqual([[c.eventId, false]]);
    // Not yet 24 h old: not counted for that figure.
    expect(await recordCoverage(range, at(20 * 60), "24h")).toMatchObject({ counted: 0 });
  });
});
