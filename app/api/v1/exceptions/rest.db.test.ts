// These tests call the thin route handlers beside them (and the handoff and saved-view routes
// an exception leads to) directly, with Bearer tokens, to pin the REST contract.
import { describe, expect, it } from "vitest";
import * as bulkRoute from "@/app/api/v1/exceptions/bulk/route";
import * as countsRoute from "@/app/api/v1/exceptions/counts/route";
import * as listRoute from "@/app/api/v1/exceptions/route";
import * as actionsRoute from "@/app/api/v1/exceptions/[id]/actions/route";
import * as previewRoute from "@/app/api/v1/exceptions/[id]/replay-preview/route";
import * as detailRoute from "@/app/api/v1/exceptions/[id]/route";
import * as handoffActionsRoute from "@/app/api/v1/handoffs/[id]/actions/route";
import * as handoffsRoute from "@/app/api/v1/handoffs/route";
import * as savedViewsRoute from "@/app/api/v1/saved-views/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
import type { TActor } from "@/lib/server/auth/actor";
// eslint-disable-next-line no-restricted-imports -- the test sets up and checks rows itself; routes may not.
import { db } from "@/lib/server/db";
import { makeTeam, makeUser } from "@/test/factories";
import { approvalScenario } from "@/test/operator";

type TRoute = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function client(actor: TActor) {
  const { token } = await createApiToken(actor, { name: "test", expiresInDays: null });
  return async (
    route: TRoute,
    path: string,
    opts: { body?: unknown; params?: Record<string, string> } = {},
  ) => {
    const res = await route(
      new Request(`http://localhost${path}`, {
        method: opts.body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      }),
      { params: Promise.resolve(opts.params ?? {}) },
    );
    return { status: res.status, type: res.headers.get("content-type"), body: await res.json() };
  };
}

describe("REST: exceptions", () => {
  it("lists with a cursor, shows detail, acts (200), answers stale versions with 409 and the fresh state", async () => {
    const s = await approvalScenario();
    const manager = await client(s.managerActor);
    const agent = await client(s.agentActors[0]);
    const outsider = await client(
      (await makeUser("AGENT", { teamId: (await makeTeam()).id })).actor,
    );
    const id = s.exception.id;

    const list = await agent(
      listRoute.GET as TRoute,
      `/api/v1/exceptions?sourceId=${s.source.id}&limit=1`,
    );
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      data: [{ id, actions: ["approve", "reject", "reassign", "escalate", "close"] }],
      nextCursor: null,
    });
    expect((await agent(listRoute.GET as TRoute, "/api/v1/exceptions?limit=500")).status).toBe(400);
    // Text no database column can hold is refused with the parameter named (was a 500 on PostgreSQL).
    const nul = await agent(countsRoute.GET as TRoute, "/api/v1/exceptions/counts?q=%00");
    expect(nul).toMatchObject({
      status: 400,
      body: { code: "VALIDATION_FAILED", errors: { q: [expect.any(String)] } },
    });
    const badId = await agent(detailRoute.GET as TRoute, "/api/v1/exceptions/x", {
      params: { id: "a\u0000b" },
    });
    expect(badId.status).toBe(400);

    const counts = await agent(
      countsRoute.GET as TRoute,
      `/api/v1/exceptions/counts?sourceId=${s.source.id}`,
    );
    expect(counts.body).toEqual({ byReason: { APPROVAL_REQUIRED: 1 }, total: 1 });

    expect(
      (await agent(detailRoute.GET as TRoute, `/api/v1/exceptions/${id}`, { params: { id } })).body,
    ).toMatchObject({
      exception: { id },
      payload: { firstName: "Jane" },
    });
    const hidden = await outsider(detailRoute.GET as TRoute, `/api/v1/exceptions/${id}`, {
      params: { id },
    });
    expect(hidden).toMatchObject({ status: 404, type: "application/problem+json" });

    const preview = await manager(
      previewRoute.GET as TRoute,
      `/api/v1/exceptions/${id}/replay-preview?from=trigger`,
      { params: { id } },
    );
    expect(preview.body).toMatchObject({ allowed: false, refusal: /not possible/ });

    const bad = await agent(actionsRoute.POST as TRoute, `/api/v1/exceptions/${id}/actions`, {
      params: { id },
      body: { action: "reject", version: 0, reason: "x" },
    });
    expect(bad).toMatchObject({
      status: 400,
      body: { code: "VALIDATION_FAILED", errors: { reason: expect.any(Array) } },
    });

    const ok = await agent(actionsRoute.POST as TRoute, `/api/v1/exceptions/${id}/actions`, {
      params: { id },
      body: { action: "reject", version: 0, reason: "duplicate lead" },
    });
    expect(ok).toMatchObject({
      status: 200,
      body: { exception: { status: "RESOLVED", version: 1 } },
    });

    const stale = await manager(actionsRoute.POST as TRoute, `/api/v1/exceptions/${id}/actions`, {
      params: { id },
      body: { action: "approve", version: 0 },
    });
    expect(stale).toMatchObject({
      status: 409,
      type: "application/problem+json",
      body: {
        code: "CONFLICT",
        current: { id, status: "RESOLVED", resolution: "REJECTED", version: 1 },
      },
    });
  });

  it("bulk: 403 for agents; a dry run for managers writes nothing", async () => {
    const s = await approvalScenario();
    const agent = await client(s.agentActors[0]);
    const manager = await client(s.managerActor);
    const body = {
      action: "close",
      note: "cleanup",
      filter: { sourceId: s.source.id },
      dryRun: true,
    };
    expect(
      (await agent(bulkRoute.POST as TRoute, "/api/v1/exceptions/bulk", { body })).status,
    ).toBe(403);
    const plan = await manager(bulkRoute.POST as TRoute, "/api/v1/exceptions/bulk", { body });
    expect(plan).toMatchObject({ status: 200, body: { count: 1, ids: [s.exception.id] } });
    expect((await db.exception.findUniqueOrThrow({ where: { id: s.exception.id } })).status).toBe(
      "OPEN",
    );
    const run = await manager(bulkRoute.POST as TRoute, "/api/v1/exceptions/bulk", {
      body: { ...body, dryRun: false },
    });
    expect(run.body).toMatchObject({ done: 1, failed: [] });
  });
});

describe("REST: handoffs and saved views", () => {
  it("lists the inbox and acts on a handoff; saves a view (201)", async () => {
    const s = await approvalScenario();
    await (
      await client(s.managerActor)
    )(actionsRoute.POST as TRoute, "/x", {
      params: { id: s.exception.id },
      body: { action: "approve", version: 0 },
    });
    const h = await db.handoff.findFirstOrThrow({ where: { eventId: s.event.id } });
    const owner = await client(s.agentActors.find((a) => a.id === h.ownerId)!);
    const inbox = await owner(handoffsRoute.GET as TRoute, "/api/v1/handoffs?owner=me");
    expect(inbox.body.data.map((r: { id: string }) => r.id)).toContain(h.id);
    const wrong = await owner(handoffActionsRoute.POST as TRoute, "/x", {
      params: { id: h.id },
      body: { action: "complete", version: 0, outcome: "teleported" },
    });
    expect(wrong).toMatchObject({
      status: 422,
      body: { outcomes: expect.arrayContaining(["contacted"]) },
    });
    const accepted = await owner(handoffActionsRoute.POST as TRoute, "/x", {
      params: { id: h.id },
      body: { action: "accept", version: 0 },
    });
    expect(accepted).toMatchObject({
      status: 200,
      body: { handoff: { state: "ACCEPTED", version: 1 } },
    });

    const view = await owner(savedViewsRoute.POST as TRoute, "/api/v1/saved-views", {
      body: { name: "Breached", query: "sla=breached" },
    });
    expect(view).toMatchObject({
      status: 201,
      body: { name: "Breached", shared: false, mine: true },
    });
  });
});
