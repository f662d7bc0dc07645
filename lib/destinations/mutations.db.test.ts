import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeUser, uniq } from "@/test/factories";
import { findDeliveries, findDestinations, getDestinationDetail } from "./data";
import {
  createDestination,
  resetDestinationCircuit,
  rotateDestinationSecret,
  sendTestDelivery,
  updateDestination,
} from "./mutations";
import { ZCreateDestination, ZCreateDestinationForm, ZUpdateDestination } from "./schema";

type TReceived = { headers: http.IncomingHttpHeaders; body: string };

/** A receiver on 127.0.0.1 answering per `mode`, recording what it got. */
async function receiver(mode: "ok" | "500" | "hang") {
  const received: TReceived[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      if (mode === "hang") return; // never answers: the sender's timeout must fire
      res.writeHead(mode === "ok" ? 200 : 500, {
        "content-type": "application/json",
        "x-trace": "trace-q7zk",
      });
      res.end(mode === "ok" ? JSON.stringify({ received: true }) : "upstream exploded");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  servers.push(server);
  return { url, received };
}
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A port nothing listens on: bound, read, then closed. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function newDestination(url = "https://example.com/hook", extra: object = {}) {
  const { actor } = await makeUser("ADMIN");
  const d = await createDestination(
    actor,
    ZCreateDestination.parse({ key: uniq("dst-"), name: "CRM", url, ...extra }),
  );
  return { actor, d };
}

const auditsOf = (id: string, action: string) =>
  db.auditEntry.findMany({ where: { entityType: "destination", entityId: id, action } });

describe("createDestination", () => {
  it("generates a whsec_ secret shown once, audits without it, 409 on a taken key", async () => {
    const { actor, d } = await newDestination();
    expect(d.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(d).toMatchObject({ timeoutMs: 5000, maxAttempts: 6, backoffBaseMs: 1000, active: true });
    const [audit] = await auditsOf(d.id, "destination.created");
    expect(audit.after).toMatchObject({ key: d.key, url: "https://example.com/hook" });
    expect(JSON.stringify(audit)).not.toContain("whsec_");
    const detail = await getDestinationDetail(d.key);
    expect(JSON.stringify(detail)).not.toContain("whsec_");
    await expect(
      createDestination(
        actor,
        ZCreateDestination.parse({ key: d.key, name: "x", url: "http://a.b" }),
      ),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      details: { errors: { key: [expect.any(String)] } },
    });
  });

  it("refuses bad input next to the field", () => {
    const issues = (input: object) =>
      ZCreateDestination.safeParse({
        key: "crm-2",
        name: "CRM",
        url: "https://a.example",
        ...input,
      }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
    expect(issues({ url: "ftp://a.example/x" })).toEqual(["url: Use an http:// or https:// URL"]);
    expect(issues({ url: "not a url" })).toEqual(["url: Use an http:// or https:// URL"]);
    expect(issues({ url: "https://u:p@a.example" })[0]).toMatch(/^url: Leave credentials out/);
    expect(issues({ timeoutMs: 50 })[0]).toMatch(/^timeoutMs: At least 100/);
    expect(issues({ timeoutMs: 60_000 })[0]).toMatch(/^timeoutMs: At most/);
    expect(issues({ maxAttempts: 0 })[0]).toMatch(/^maxAttempts: /);
    expect(issues({ backoffBaseMs: 1.5 })[0]).toMatch(/^backoffBaseMs: Use whole/);
    expect(issues({ key: "Bad Key" })[0]).toMatch(/^key: /);
    expect(issues({ signingSecret: "whsec_mine" })[0]).toMatch(/Unrecognized key/);
    // The form: blanks take the defaults, typed numbers are numbers.
    expect(
      ZCreateDestinationForm.parse({
        key: "crm-2",
        name: "CRM",
        url: "https://a.example",
        timeoutMs: "",
        maxAttempts: "3",
        backoffBaseMs: "",
      }),
    ).toMatchObject({ timeoutMs: 5000, maxAttempts: 3, backoffBaseMs: 1000 });
  });
});

describe("updateDestination", () => {
  it("audits only the changed fields (revertible), never the secret; a no-op writes nothing", async () => {
    const { actor, d } = await newDestination();
    const saved = await updateDestination(actor, d.id, {
      name: "CRM",
      url: "https://crm.example.com/v2",
      timeoutMs: 2000,
      active: false,
    });
    expect(saved.changed.sort()).toEqual(["active", "timeoutMs", "url"]);
    const [audit] = await auditsOf(d.id, "destination.updated");
    expect(audit.before).toEqual({
      url: "https://example.com/hook",
      timeoutMs: 5000,
      active: true,
    });
    expect(audit.after).toEqual({
      url: "https://crm.example.com/v2",
      timeoutMs: 2000,
      active: false,
    });
    expect(JSON.stringify(audit)).not.toContain("whsec_");

    await updateDestination(actor, d.id, ZUpdateDestination.parse(audit.before));
    expect(await getDestinationDetail(d.key)).toMatchObject({
      url: "https://example.com/hook",
      timeoutMs: 5000,
      active: true,
    });
    const noop = await updateDestination(actor, d.id, { timeoutMs: 5000 });
    expect(noop.changed).toEqual([]);
    expect(await auditsOf(d.id, "destination.updated")).toHaveLength(2);
    await expect(updateDestination(actor, "nope", { name: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(ZUpdateDestination.safeParse({}).success).toBe(false);
  });
});

describe("rotate and reset", () => {
  it("rotates the secret (answered once, not audited) and resets an open circuit", async () => {
    const { actor, d } = await newDestination();
    const rotated = await rotateDestinationSecret(actor, d.id);
    expect(rotated.signingSecret).toMatch(/^whsec_/);
    expect(rotated.signingSecret).not.toBe(d.signingSecret);
    const row = await db.destination.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.signingSecret).toBe(rotated.signingSecret);
    const [audit] = await auditsOf(d.id, "destination.secret_rotated");
    expect(JSON.stringify(audit)).not.toContain("whsec_");

    const openedAt = new Date(Date.now() - 60_000);
    await db.destination.update({
      where: { id: d.id },
      data: { circuitState: "OPEN", circuitOpenedAt: openedAt, consecutiveFailures: 5 },
    });
    const reset = await resetDestinationCircuit(actor, d.id);
    expect(reset).toMatchObject({ circuitState: "CLOSED", circuitOpenedAt: null });
    const [r] = await auditsOf(d.id, "destination.circuit_reset");
    expect(r.before).toMatchObject({ circuitState: "OPEN", consecutiveFailures: 5 });
    expect(r.after).toMatchObject({ circuitState: "CLOSED" });
  });
});

describe("sendTestDelivery", () => {
  it("POSTs a signed test message and shows a 200 answer; recorded as a test delivery", async () => {
    const rx = await receiver("ok");
    const { actor, d } = await newDestination(rx.url);
    const result = await sendTestDelivery(actor, d.id);
    expect(result).toMatchObject({
      status: 200,
      error: null,
      contentType: "application/json",
      bodyBytes: '{"received":true}'.length,
    });
    expect(result.message).toMatch(/^Delivered: HTTP 200/);
    // Status and timing only: the answer's headers and body are never shown.
    expect(result).not.toHaveProperty("headers");
    expect(result).not.toHaveProperty("body");
    expect(JSON.stringify(result)).not.toContain("trace-q7zk");
    expect(result.idempotencyKey).toMatch(/^test:/);

    // The receiver can verify it with the destination's secret, as real deliveries.
    const [got] = rx.received;
    const payload = new Webhook(d.signingSecret).verify(got.body, {
      "webhook-id": String(got.headers["webhook-id"]),
      "webhook-timestamp": String(got.headers["webhook-timestamp"]),
      "webhook-signature": String(got.headers["webhook-signature"]),
    });
    expect(payload).toMatchObject({ type: "baton.test", test: true, destination: { key: d.key } });
    expect(got.headers["idempotency-key"]).toBe(result.idempotencyKey);

    const page = await findDeliveries(d.id, { limit: 10 });
    expect(page.data).toEqual([
      expect.objectContaining({
        id: result.deliveryId,
        test: true,
        status: "SUCCEEDED",
        httpStatus: 200,
        eventId: null,
      }),
    ]);
    // Tests are left out of the success rate and the failure streak.
    expect((await findDestinations()).find((x) => x.id === d.id)).toMatchObject({ attempts: 0 });
    const [audit] = await auditsOf(d.id, "destination.test_sent");
    expect(audit.after).toMatchObject({ httpStatus: 200, deliveryId: result.deliveryId });
  });

  it("shows a 500 without its body", async () => {
    const rx = await receiver("500");
    const { actor, d } = await newDestination(rx.url);
    const result = await sendTestDelivery(actor, d.id);
    expect(result).toMatchObject({ status: 500, bodyBytes: 17, error: null });
    expect(result.message).toMatch(/HTTP 500/);
    expect(JSON.stringify(result)).not.toContain("exploded");
    const [row] = (await findDeliveries(d.id, { limit: 1 })).data;
    expect(row).toMatchObject({
      status: "FAILED_TRANSIENT",
      httpStatus: 500,
      responseExcerpt: null,
    });
  });

  it("gives up at the configured timeout", async () => {
    const rx = await receiver("hang");
    const { actor, d } = await newDestination(rx.url, { timeoutMs: 300 });
    const started = Date.now();
    const result = await sendTestDelivery(actor, d.id);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result).toMatchObject({ status: null, error: "timeout" });
    expect(result.message).toBe("No answer within the 300 ms timeout");
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    const [row] = (await findDeliveries(d.id, { limit: 1 })).data;
    expect(row).toMatchObject({ status: "TIMEOUT", error: "timeout" });
  });

  it("reports a refused connection, and never throws on a broken URL", async () => {
    const { actor, d } = await newDestination(`http://127.0.0.1:${await closedPort()}/hook`);
    const refused = await sendTestDelivery(actor, d.id);
    expect(refused).toMatchObject({ status: null, error: "ECONNREFUSED" });
    expect(refused.message).toMatch(/Connection refused/);

    // A URL that somehow got stored broken (not through the API) is an answer, not a crash.
    await db.destination.update({ where: { id: d.id }, data: { url: "ht!tp:/broken" } });
    const broken = await sendTestDelivery(actor, d.id);
    expect(broken).toMatchObject({ status: null, error: "invalid_url" });
    await expect(sendTestDelivery(actor, "nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("pages deliveries newest first with a cursor", async () => {
    const rx = await receiver("ok");
    const { actor, d } = await newDestination(rx.url);
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push((await sendTestDelivery(actor, d.id)).deliveryId);
    const first = await findDeliveries(d.id, { limit: 2 });
    expect(first.data.map((x) => x.id)).toEqual([sent[2], sent[1]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await findDeliveries(d.id, { limit: 2, cursor: first.nextCursor! });
    expect(second.data.map((x) => x.id)).toEqual([sent[0]]);
    expect(second.nextCursor).toBeNull();
    await expect(findDeliveries(d.id, { limit: 2, cursor: "garbage" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });
});
