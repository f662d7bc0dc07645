// These tests call the thin route handlers beside them directly, with Bearer tokens, to pin
// the REST contract.
import { describe, expect, it } from "vitest";
import * as itemRoute from "@/app/api/v1/destinations/[destinationKey]/route";
import * as testRoute from "@/app/api/v1/destinations/[destinationKey]/test/route";
import * as listRoute from "@/app/api/v1/destinations/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
// eslint-disable-next-line no-restricted-imports -- the test sets up and checks rows itself; routes may not.
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { makeUser, uniq } from "@/test/factories";

// `never` params: each route declares its own; the test passes what the path holds.
type TRoute = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;

/** An admin's raw HTTP calls, as an attacker with an admin token (or session) would send them. */
async function admin() {
  const { actor } = await makeUser("ADMIN");
  const { token } = await createApiToken(actor, { name: "test", expiresInDays: null });
  return async (route: TRoute, method: string, path: string, params = {}, body?: unknown) => {
    const res = await route(
      new Request(`http://localhost${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      { params: Promise.resolve(params as never) },
    );
    return { status: res.status, body: await res.json() };
  };
}

describe("REST: destinations at internal addresses", () => {
  it("POST /api/v1/destinations refuses the metadata service with a field error on url", async () => {
    const call = await admin();
    const key = uniq("dst-").toLowerCase();
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://0xA9FEA9FE/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://10.0.0.5/hook",
      "http://[fd00::1]/",
    ]) {
      const res = await call(
        listRoute.POST,
        "POST",
        "/api/v1/destinations",
        {},
        {
          key,
          name: "Metadata",
          url,
        },
      );
      expect(res.status, url).toBe(400);
      expect(res.body.code, url).toBe("VALIDATION_FAILED");
      expect(Object.keys(res.body.errors), url).toEqual(["url"]);
      expect(res.body.errors.url[0], url).toMatch(/BATON_OUTBOUND_ALLOW/);
    }
    expect(await db.destination.count({ where: { key } })).toBe(0);
  });

  it("PATCH refuses moving an existing destination to an internal address", async () => {
    const call = await admin();
    const key = uniq("dst-").toLowerCase();
    const created = await call(
      listRoute.POST,
      "POST",
      "/api/v1/destinations",
      {},
      {
        key,
        name: "CRM",
        url: "https://crm.example.com/hook",
      },
    );
    expect(created.status).toBe(201);
    const res = await call(
      itemRoute.PATCH,
      "PATCH",
      `/api/v1/destinations/${key}`,
      {
        destinationKey: key,
      },
      { url: "http://192.168.0.1:8080/" },
    );
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.errors)).toEqual(["url"]);
    const row = await db.destination.findUniqueOrThrow({ where: { key } });
    expect(row.url).toBe("https://crm.example.com/hook");
  });

  it("POST …/test to a stored internal address answers the refusal, never a response body or headers", async () => {
    const call = await admin();
    const key = uniq("dst-").toLowerCase();
    // A row from before the guard, pointing at loopback (the guard refuses before any connect).
    await db.destination.create({
      data: {
        key,
        name: "Old",
        url: "http://127.0.0.1:3999/admin",
        signingSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      },
    });
    const allow = env.BATON_OUTBOUND_ALLOW;
    env.BATON_OUTBOUND_ALLOW = "";
    try {
      const res = await call(testRoute.POST, "POST", `/api/v1/destinations/${key}/test`, {
        destinationKey: key,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: null,
        error: "blocked_address",
        message:
          "destination is a loopback address 127.0.0.1; add it to BATON_OUTBOUND_ALLOW to allow it",
      });
      expect(res.body).not.toHaveProperty("headers");
      expect(res.body).not.toHaveProperty("body");
    } finally {
      env.BATON_OUTBOUND_ALLOW = allow;
    }
  });
});

describe("REST: creating email and record destinations", () => {
  it("POST with kind EMAIL or RECORD stores the credential sealed and never answers it; bad fields are named", async () => {
    const call = await admin();
    const mailKey = uniq("mail-").toLowerCase();
    const mail = await call(
      listRoute.POST,
      "POST",
      "/api/v1/destinations",
      {},
      {
        kind: "EMAIL",
        key: mailKey,
        name: "Ops mail",
        smtp: {
          host: "127.0.0.1",
          port: 2525,
          tls: "none",
          username: "baton",
          password: "pw-secret-1",
          from: "Baton <baton@ops.example>",
        },
      },
    );
    expect(mail.status, JSON.stringify(mail.body)).toBe(201);
    expect(mail.body).toMatchObject({ key: mailKey, kind: "EMAIL" });
    expect(JSON.stringify(mail.body)).not.toContain("pw-secret-1");
    const stored = await db.destination.findUniqueOrThrow({ where: { key: mailKey } });
    expect(JSON.stringify(stored.settings)).not.toContain("pw-secret-1");

    const crmKey = uniq("crm-").toLowerCase();
    const crm = await call(
      listRoute.POST,
      "POST",
      "/api/v1/destinations",
      {},
      {
        kind: "RECORD",
        key: crmKey,
        name: "CRM",
        url: "https://crm.example/api",
        authHeaderValue: "Bearer tok-secret-2",
        reconcileEnabled: true,
      },
    );
    expect(crm.status, JSON.stringify(crm.body)).toBe(201);
    expect(JSON.stringify(crm.body)).not.toContain("tok-secret-2");
    expect((await db.destination.findUniqueOrThrow({ where: { key: crmKey } })).kind).toBe(
      "RECORD",
    );

    const bad = await call(
      listRoute.POST,
      "POST",
      "/api/v1/destinations",
      {},
      {
        kind: "EMAIL",
        key: uniq("m-").toLowerCase(),
        name: "x",
        smtp: { host: "mail.example", port: 0, tls: "none", from: "nope" },
      },
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["smtp.from", "smtp.port", "smtp.tls"]);
    const unknown = await call(
      listRoute.POST,
      "POST",
      "/api/v1/destinations",
      {},
      { kind: "FAX", key: "k", name: "n" },
    );
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body.errors)).toEqual(["kind"]);
  });
});
