// Spot checks over REST (issue #16): list, verdict, resume; roles, bad input and 404s.
import { describe, expect, it } from "vitest";
import * as listRoute from "@/app/api/v1/workflows/[id]/classifier/spot-checks/route";
import * as verdictRoute from "@/app/api/v1/workflows/[id]/classifier/spot-checks/[checkId]/route";
import * as resumeRoute from "@/app/api/v1/workflows/[id]/classifier/resume/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
import type { TActor } from "@/lib/server/auth/actor";
// eslint-disable-next-line no-restricted-imports -- the test sets up rows itself; routes may not.
import { db } from "@/lib/server/db";
import { makeUser } from "@/test/factories";
import { makeSource, makeTeamWithAgents, makeWorkflow } from "@/test/pipeline";
import { SUPPORT_LABELS } from "@/test/classifier";

type TRoute = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function client(actor: TActor) {
  const { token } = await createApiToken(actor, { name: "test", expiresInDays: null });
  return async (route: unknown, method: string, path: string, params: object, body?: unknown) => {
    const res = await (route as TRoute)(
      new Request(`http://localhost${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      { params: Promise.resolve(params as Record<string, string>) },
    );
    return { status: res.status, body: await res.json() };
  };
}

describe("REST: spot checks", () => {
  it("lists, decides and resumes with the right roles and clear errors", async () => {
    const { team } = await makeTeamWithAgents(1);
    const source = await makeSource({});
    const wf = await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
      classifier: { textFields: ["message"], labels: SUPPORT_LABELS },
    });
    const check = await db.classifierSpotCheck.create({
      data: {
        workflowId: wf.id,
        eventId: "ev_rest",
        modelVersion: 1,
        kind: "SAMPLE",
        predictedLabel: "billing",
        confidence: 0.97,
        features: { text: { message: "refund my invoice" }, fields: {} },
        decidedAt: new Date(),
      },
    });
    const manager = await client((await makeUser("MANAGER")).actor);
    const agent = await client((await makeUser("AGENT")).actor);
    const base = `/api/v1/workflows/${wf.id}/classifier/spot-checks`;
    const params = { id: wf.id, checkId: check.id };

    const list = await manager(listRoute.GET, "GET", `${base}?status=pending`, params);
    expect(list.status).toBe(200);
    expect(list.body.data[0]).toMatchObject({
      id: check.id,
      predictedLabel: "billing",
      text: { message: "refund my invoice" },
    });
    expect(list.body.status).toBeNull(); // no classifier version yet
    expect((await agent(listRoute.GET, "GET", base, params)).status).toBe(403);
    expect((await manager(listRoute.GET, "GET", `${base}?status=maybe`, params)).status).toBe(400);
    expect((await manager(listRoute.GET, "GET", base, { id: "nope" })).status).toBe(404);

    const bad = await manager(verdictRoute.POST, "POST", `${base}/${check.id}`, params, {
      verdict: "correct",
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/label/);
    const outside = await manager(verdictRoute.POST, "POST", `${base}/${check.id}`, params, {
      verdict: "correct",
      label: "weather",
    });
    expect(outside.status).toBe(422);
    const ok = await manager(verdictRoute.POST, "POST", `${base}/${check.id}`, params, {
      verdict: "correct",
      label: "shipping",
    });
    expect(ok).toMatchObject({ status: 200, body: { verdict: "CORRECTED", label: "shipping" } });
    const again = await manager(verdictRoute.POST, "POST", `${base}/${check.id}`, params, {
      verdict: "confirm",
    });
    expect(again.status).toBe(409);

    const resume = `/api/v1/workflows/${wf.id}/classifier/resume`;
    expect((await manager(resumeRoute.POST, "POST", resume, params, { note: "x" })).status).toBe(
      403,
    );
    const admin = await client((await makeUser("ADMIN")).actor);
    expect((await admin(resumeRoute.POST, "POST", resume, params, { note: "" })).status).toBe(400);
    expect((await admin(resumeRoute.POST, "POST", resume, params, { note: "x" })).status).toBe(409);
  });
});
