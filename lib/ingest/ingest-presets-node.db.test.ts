import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { logger, redirectLogs } from "@/lib/server/logger";
import { createSource, rotateSourceSecret } from "@/lib/sources/mutations";
import { makeUser, uniq } from "@/test/factories";
import { handleDelivery } from "./ingest-handler";
import { matchIngestPath, serveIngest } from "./node-ingest";
import { CASES, type TCase } from "./verify/test-cases";
import { withToken, type TSignedRequest } from "./verify/test-signers";

/**
 * Every preset through the production door: server.ts's bare Node path
 * (matchIngestPath → serveIngest → handleDelivery), a real socket on
 * loopback, deliveries signed by the test senders (verify/test-signers.ts,
 * written from the providers' docs). The URL-signing presets (HubSpot v3,
 * Twilio) are told the public address they were signed for, as a source
 * behind a proxy is; the Node path's own Host-based URL is covered in
 * verify/presets-ingest.db.test.ts.
 */

let server: http.Server;
let base = "";
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const m = matchIngestPath(req.method, req.url);
    if (!m) return void res.writeHead(418).end();
    void serveIngest(req, res, m.sourceKey, m.pathToken);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

type TAnswer = {
  status: number;
  body: { eventId?: string; duplicate?: boolean; detail?: string; check?: string };
};

/** Posts a signed request to this server's events path, keeping the signed query string. */
async function post(key: string, r: TSignedRequest, body = r.body): Promise<TAnswer> {
  const url = `${base}/api/v1/sources/${key}/events${new URL(r.url).search}`;
  const res = await fetch(url, { method: r.method, headers: r.headers, body });
  return { status: res.status, body: (await res.json()) as TAnswer["body"] };
}

async function sourceFor(c: TCase) {
  const { actor } = await makeUser("ADMIN");
  const signsUrl = c.preset === "hubspot-v3" || c.preset === "twilio";
  // The address the test sender signed for, without its query (the request's is appended).
  const publicUrl = c.sign(c.secret, new Date()).url.split("?")[0];
  const config = { ...(c.config as object | undefined), ...(signsUrl ? { publicUrl } : {}) };
  const source = await createSource(actor, {
    key: uniq("node-"),
    name: `Node ${c.name}`,
    verification: c.preset,
    verificationConfig: config,
    secret: c.secret,
  });
  return { actor, source };
}

const other = (c: TCase, n: string) =>
  c.name.startsWith("twilio (form") ? `Body=${n}` : JSON.stringify({ n });

describe.each(CASES)("preset $name through the Node server", (c) => {
  it("202 valid, 200 replayed, 401 tampered / wrong secret / stale", async () => {
    const { source } = await sourceFor(c);
    const now = new Date();
    const signed = c.sign(c.secret, now);
    const first = await post(source.key, signed);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const again = await post(source.key, signed);
    expect(again).toEqual({ status: 200, body: { eventId: first.body.eventId, duplicate: true } });

    if (c.coversBody) {
      const tampered = await post(source.key, c.sign(c.secret, now, other(c, "a")), other(c, "b"));
      expect(tampered.status).toBe(401);
      expect(tampered.body.check).toBe("bad-signature");
    }
    const wrong = await post(source.key, c.sign(`${c.secret}-not-it`, now, other(c, "w")));
    expect(wrong.status).toBe(401);
    if (c.tolerance !== null) {
      const old = new Date(now.getTime() - (c.tolerance + 120) * 1000);
      const stale = await post(source.key, c.sign(c.secret, old, other(c, "s")));
      expect(stale.status).toBe(401);
      expect(stale.body.detail).toMatch(/old; at most/);
      expect(stale.body.check).toBe("stale-timestamp");
    }
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(1);
  });
});

describe("a URL token stays out of logs, stored headers and refusal messages", () => {
  it.each([
    { in: "query" as const, name: "token" },
    { in: "header" as const, name: "webhook-id" }, // a header the event would otherwise keep
  ])("token in the $in ($name), across a rotation overlap", async (config) => {
    const { actor } = await makeUser("ADMIN");
    const created = await createSource(actor, {
      key: uniq("tokn-"),
      name: "Zapier step",
      verification: "token",
      verificationConfig: config,
    });
    const oldToken = created.signingSecret;
    const lines: string[] = [];
    const restore = redirectLogs({ write: (l: string) => void lines.push(l) });
    const level = logger.level;
    logger.level = "debug";
    try {
      const send = (token: string, n: number) =>
        post(
          created.key,
          withToken({ token, body: JSON.stringify({ n }), in: config.in, name: config.name }),
        );
      expect((await send(oldToken, 1)).status).toBe(202);
      const rotated = await rotateSourceSecret(actor, created.id, { overlapMinutes: 10 });
      const newToken = rotated.signingSecret;
      expect((await send(oldToken, 2)).status).toBe(202); // overlap
      expect((await send(newToken, 3)).status).toBe(202);
      const wrong = await send(`${newToken.slice(0, -3)}abc`, 4);
      expect(wrong.status).toBe(401);
      expect(wrong.body.detail).not.toContain(newToken);

      const events = await db.event.findMany({ where: { sourceId: created.id } });
      expect(events).toHaveLength(3);
      const rows = JSON.stringify(events);
      const rejections = JSON.stringify(
        await db.sourceRejectionCount.findMany({ where: { sourceId: created.id } }),
      );
      for (const token of [oldToken, newToken]) {
        expect(rows).not.toContain(token);
        expect(rejections).not.toContain(token);
        expect(lines.join("\n")).not.toContain(token);
      }
      expect(lines.join("\n")).toContain("ingest: delivery refused"); // the logs were captured
      const row = await db.source.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.signingSecret.startsWith("enc:v1:")).toBe(true);
      expect(row.previousSecret?.startsWith("enc:v1:")).toBe(true);
    } finally {
      logger.level = level;
      restore();
    }
  });

  it("a path token never reaches a source that takes it in the query", async () => {
    const { actor } = await makeUser("ADMIN");
    const s = await createSource(actor, { key: uniq("tokq-"), name: "q", verification: "token" });
    const res = await handleDelivery({
      sourceKey: s.key,
      pathToken: s.signingSecret,
      headers: new Headers({ "content-type": "application/json" }),
      method: "POST",
      url: `${base}/api/v1/sources/${s.key}/events/${s.signingSecret}`,
      readBody: async () => Buffer.from("{}"),
    });
    expect(res.status).toBe(404);
  });
});
