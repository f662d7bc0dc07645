// The sources REST routes called directly with a Bearer token: presets and
// pasted secrets go in, and a secret comes back at most once (a generated
// one, in the 201 or the rotation answer), never from any other answer.
import { describe, expect, it } from "vitest";
import * as endOverlapRoute from "@/app/api/v1/sources/[sourceKey]/end-secret-overlap/route";
import * as rotateRoute from "@/app/api/v1/sources/[sourceKey]/rotate-secret/route";
import * as itemRoute from "@/app/api/v1/sources/[sourceKey]/route";
import * as listRoute from "@/app/api/v1/sources/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
// eslint-disable-next-line no-restricted-imports -- the test checks the stored rows itself.
import { db } from "@/lib/server/db";
import { openSecret } from "@/lib/server/secret-box";
import { makeUser, uniq } from "@/test/factories";

type TRoute = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;

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
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text || "null") };
  };
}

describe("REST: sources with verification presets", () => {
  it("a pasted provider secret is stored sealed and never answered, on any route", async () => {
    const call = await admin();
    const key = uniq("rs-").toLowerCase();
    const pasted = "whsec_stripe_pasted_from_dashboard_1";
    const created = await call(
      listRoute.POST,
      "POST",
      "/api/v1/sources",
      {},
      {
        key,
        name: "Stripe",
        verification: "stripe",
        secret: pasted,
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key, verification: "stripe", signingSecret: null });
    const row = await db.source.findUniqueOrThrow({ where: { key } });
    expect(row.signingSecret.startsWith("enc:v1:")).toBe(true);
    expect(openSecret(row.signingSecret)).toBe(pasted);

    const next = "whsec_stripe_rolled_secret_2";
    const p = { sourceKey: key };
    const answers = [
      created,
      await call(listRoute.GET, "GET", "/api/v1/sources"),
      await call(itemRoute.GET, "GET", `/api/v1/sources/${key}`, p),
      await call(itemRoute.PATCH, "PATCH", `/api/v1/sources/${key}`, p, { name: "Stripe live" }),
      await call(rotateRoute.POST, "POST", `/api/v1/sources/${key}/rotate-secret`, p, {
        overlapMinutes: 5,
        secret: next,
      }),
      await call(endOverlapRoute.POST, "POST", `/api/v1/sources/${key}/end-secret-overlap`, p),
      await call(itemRoute.PATCH, "PATCH", `/api/v1/sources/${key}`, p, {
        secret: "whsec_stripe_pasted_by_patch_3",
      }),
      await call(itemRoute.GET, "GET", `/api/v1/sources/${key}`, p),
    ];
    for (const a of answers) {
      expect(a.status, a.text).toBeLessThan(300);
      for (const s of [pasted, next, "whsec_stripe_pasted_by_patch_3"]) {
        expect(a.text).not.toContain(s);
      }
    }
    expect(answers[4].body.signingSecret).toBeNull();
    const after = await db.source.findUniqueOrThrow({ where: { key } });
    expect(openSecret(after.signingSecret)).toBe("whsec_stripe_pasted_by_patch_3");
    expect(openSecret(after.previousSecret!)).toBe(next);
    const audits = JSON.stringify(await db.auditEntry.findMany({ where: { entityId: row.id } }));
    for (const s of [pasted, next, "whsec_stripe_pasted_by_patch_3"]) {
      expect(audits).not.toContain(s);
    }
  });

  it("a generated secret is answered once; provider presets need a pasted one; bad options are field errors", async () => {
    const call = await admin();
    const key = uniq("rg-").toLowerCase();
    const created = await call(
      listRoute.POST,
      "POST",
      "/api/v1/sources",
      {},
      {
        key,
        name: "GitHub",
        verification: "github",
      },
    );
    expect(created.status).toBe(201);
    const secret = created.body.signingSecret as string;
    expect(secret.length).toBeGreaterThanOrEqual(40);
    const detail = await call(itemRoute.GET, "GET", `/api/v1/sources/${key}`, { sourceKey: key });
    expect(detail.text).not.toContain(secret);

    const noSecret = await call(
      listRoute.POST,
      "POST",
      "/api/v1/sources",
      {},
      {
        key: uniq("rh-").toLowerCase(),
        name: "HubSpot",
        verification: "hubspot-v3",
      },
    );
    expect(noSecret.status).toBe(400);
    expect(Object.keys(noSecret.body.errors)).toEqual(["secret"]);

    const badConfig = await call(
      listRoute.POST,
      "POST",
      "/api/v1/sources",
      {},
      {
        key: uniq("rc-").toLowerCase(),
        name: "HMAC",
        verification: "hmac",
        verificationConfig: { header: "X-Sig", algorithm: "md5" },
      },
    );
    expect(badConfig.status).toBe(400);
    expect(Object.keys(badConfig.body.errors)[0]).toMatch(/^verificationConfig/);

    // Switching an existing source to a provider-issued preset needs its secret.
    const p = { sourceKey: key };
    const switched = await call(itemRoute.PATCH, "PATCH", `/api/v1/sources/${key}`, p, {
      verification: "shopify",
    });
    expect(switched.status).toBe(400);
    const rotateNoPaste = await call(
      rotateRoute.POST,
      "POST",
      `/api/v1/sources/${key}/rotate-secret`,
      p,
      {},
    );
    // GitHub's secret is one the user types on both sides: Baton may generate the next one.
    expect(rotateNoPaste.status).toBe(200);
    expect(typeof rotateNoPaste.body.signingSecret).toBe("string");
  });
});
