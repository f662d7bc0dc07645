// These tests call the thin route handlers beside them directly, with Bearer tokens, to pin
// the REST contract.
import { describe, expect, it } from "vitest";
import * as backtestRoute from "@/app/api/v1/workflows/[id]/backtest/route";
import * as diffRoute from "@/app/api/v1/workflows/[id]/diff/route";
import * as publishRoute from "@/app/api/v1/workflows/[id]/publish/route";
import * as rollbackRoute from "@/app/api/v1/workflows/[id]/rollback/route";
import * as detailRoute from "@/app/api/v1/workflows/[id]/route";
import * as testRoute from "@/app/api/v1/workflows/[id]/test/route";
import * as versionRoute from "@/app/api/v1/workflows/[id]/versions/[version]/route";
import * as versionsRoute from "@/app/api/v1/workflows/[id]/versions/route";
import * as listRoute from "@/app/api/v1/workflows/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
import type { TActor } from "@/lib/server/auth/actor";
// eslint-disable-next-line no-restricted-imports -- the test sets up and checks rows itself; routes may not.
import { db } from "@/lib/server/db";
import { lead, workflowScenario } from "@/test/workflows";

type TRoute = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function client(actor: TActor) {
  const { token } = await createApiToken(actor, { name: "test", expiresInDays: null });
  return async (
    route: unknown,
    method: string,
    path: string,
    opts: { body?: unknown; params?: Record<string, string> } = {},
  ) => {
    const res = await (route as TRoute)(
      new Request(`http://localhost${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      }),
      { params: Promise.resolve(opts.params ?? {}) },
    );
    return { status: res.status, type: res.headers.get("content-type"), body: await res.json() };
  };
}

describe("REST: workflows", () => {
  it("lets an admin build, test, backtest, publish, diff and roll back", async () => {
    const s = await workflowScenario();
    const admin = await client(s.admin);
    const params = { id: s.wf.id };
    const base = `/api/v1/workflows/${s.wf.id}`;

    const created = await admin(listRoute.POST, "POST", "/api/v1/workflows", {
      body: { name: "Second", sourceId: s.source.id },
    });
    expect(created).toMatchObject({ status: 201, body: { key: "second" } });
    const badSource = await admin(listRoute.POST, "POST", "/api/v1/workflows", {
      body: { name: "Third", sourceId: "nope" },
    });
    expect(badSource).toMatchObject({
      status: 400,
      body: { errors: { sourceId: ["No such source"] } },
    });

    const invalid = await admin(detailRoute.PATCH, "PATCH", base, {
      params,
      body: { definition: s.definition({ sla: { acceptWithinMinutes: -1 } }) },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.type).toContain("application/problem+json");
    expect(Object.keys(invalid.body.errors)).toEqual(["definition.sla.acceptWithinMinutes"]);

    const saved = await admin(detailRoute.PATCH, "PATCH", base, {
      params,
      body: { definition: s.definition() },
    });
    expect(saved).toMatchObject({ status: 200, body: { hasUnpublishedChanges: true } });

    const run = await admin(testRoute.POST, "POST", `${base}/test`, {
      params,
      body: { payload: lead("DE") },
    });
    expect(run).toMatchObject({ status: 200, body: { kind: "handoff", ruleId: "dach" } });
    const bt = await admin(backtestRoute.POST, "POST", `${base}/backtest`, {
      params,
      body: { days: 500 },
    });
    expect(bt).toMatchObject({ status: 400, body: { errors: { days: ["At most 90 days"] } } });

    expect(
      await admin(publishRoute.POST, "POST", `${base}/publish`, { params, body: { note: "v1" } }),
    ).toMatchObject({ status: 201, body: { version: 1 } });
    await admin(detailRoute.PATCH, "PATCH", base, {
      params,
      body: { definition: s.definition({ sla: { acceptWithinMinutes: 60 } }) },
    });
    const diff = await admin(diffRoute.GET, "GET", `${base}/diff?from=1&to=draft`, { params });
    expect(diff).toMatchObject({
      status: 200,
      body: {
        from: "v1",
        to: "Draft",
        changes: [{ kind: "changed", path: "sla.acceptWithinMinutes", old: 30, new: 60 }],
      },
    });
    expect(
      (await admin(diffRoute.GET, "GET", `${base}/diff?from=7&to=draft`, { params })).status,
    ).toBe(404);
    await admin(publishRoute.POST, "POST", `${base}/publish`, { params, body: {} });
    const rolled = await admin(rollbackRoute.POST, "POST", `${base}/rollback`, {
      params,
      body: { version: 1 },
    });
    expect(rolled).toMatchObject({ status: 201, body: { version: 3, rolledBackTo: 1 } });
    const versions = await admin(versionsRoute.GET, "GET", `${base}/versions`, { params });
    expect(versions.body).toMatchObject({
      publishedVersion: 3,
      data: [{ version: 3, note: "Rolled back to v1" }, { version: 2 }, { version: 1, note: "v1" }],
    });
    const v1 = await admin(versionRoute.GET, "GET", `${base}/versions/1`, {
      params: { ...params, version: "1" },
    });
    expect(v1.body.definition).toMatchObject({ sla: { acceptWithinMinutes: 30 } });
  });

  it("refuses every write, test and backtest to a manager and an agent (403), and audits it", async () => {
    const s = await workflowScenario();
    const params = { id: s.wf.id };
    const base = `/api/v1/workflows/${s.wf.id}`;
    const writes: [unknown, string, string, unknown][] = [
      [listRoute.POST, "POST", "/api/v1/workflows", { name: "X", sourceId: s.source.id }],
      [detailRoute.PATCH, "PATCH", base, { name: "Renamed" }],
      [publishRoute.POST, "POST", `${base}/publish`, {}],
      [rollbackRoute.POST, "POST", `${base}/rollback`, { version: 1 }],
      [testRoute.POST, "POST", `${base}/test`, { payload: lead("DE") }],
      [backtestRoute.POST, "POST", `${base}/backtest`, { days: 7 }],
    ];
    for (const actor of [s.manager, s.agent]) {
      const call = await client(actor);
      for (const [route, method, path, body] of writes) {
        const res = await call(route, method, path, { params, body });
        expect(res.status, `${actor.role} ${method} ${path}`).toBe(403);
        expect(res.type).toContain("application/problem+json");
      }
      const denied = await db.auditEntry.count({
        where: { actorId: actor.id, action: "access.denied" },
      });
      expect(denied).toBe(writes.length);
    }
    // Reads: a manager may look, an agent may not.
    expect((await (await client(s.manager))(detailRoute.GET, "GET", base, { params })).status).toBe(
      200,
    );
    expect((await (await client(s.agent))(detailRoute.GET, "GET", base, { params })).status).toBe(
      403,
    );
    expect(await db.workflowVersion.count({ where: { workflowId: s.wf.id } })).toBe(0);
  });
});
