// The classifier's REST contract (issue #16), through the route handlers with Bearer tokens.
import { describe, expect, it } from "vitest";
import * as examplesRoute from "@/app/api/v1/workflows/[id]/classifier/examples/route";
import * as exampleRoute from "@/app/api/v1/workflows/[id]/classifier/examples/[exampleId]/route";
import * as overviewRoute from "@/app/api/v1/workflows/[id]/classifier/route";
import * as predictRoute from "@/app/api/v1/workflows/[id]/classifier/predict/route";
import * as thresholdRoute from "@/app/api/v1/workflows/[id]/classifier/threshold/route";
import * as trainRoute from "@/app/api/v1/workflows/[id]/classifier/train/route";
import * as versionRoute from "@/app/api/v1/workflows/[id]/classifier/versions/[version]/route";
import * as activateRoute from "@/app/api/v1/workflows/[id]/classifier/versions/[version]/activate/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
import type { TActor } from "@/lib/server/auth/actor";
// eslint-disable-next-line no-restricted-imports -- the test sets up and checks rows itself; routes may not.
import { db } from "@/lib/server/db";
import { makeUser } from "@/test/factories";
import { makeSource, makeTeamWithAgents, makeWorkflow } from "@/test/pipeline";
import { runTrainingJobs, SUPPORT_LABELS, supportMessages } from "@/test/classifier";

type TRoute = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function client(actor: TActor) {
  const { token } = await createApiToken(actor, { name: "test", expiresInDays: null });
  return async (
    route: unknown,
    method: string,
    path: string,
    opts: { body?: unknown; csv?: string; params?: Record<string, string> } = {},
  ) => {
    const res = await (route as TRoute)(
      new Request(`http://localhost${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": opts.csv !== undefined ? "text/csv" : "application/json",
        },
        body: opts.csv ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      }),
      { params: Promise.resolve(opts.params ?? {}) },
    );
    return { status: res.status, body: await res.json() };
  };
}

async function setup() {
  const { team } = await makeTeamWithAgents(1);
  const source = await makeSource({});
  const wf = await makeWorkflow(source.id, {
    rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
    sla: { acceptWithinMinutes: 30 },
    classifier: {
      textFields: ["subject", "message"],
      fields: [{ path: "seats", kind: "number" }],
      labels: SUPPORT_LABELS,
    },
  });
  const { actor } = await makeUser("ADMIN");
  return { wf, admin: await client(actor), params: { id: wf.id } };
}

describe("REST: classifier", () => {
  it("CSV import checks every row, reports bad ones by line and field, and imports nothing", async () => {
    const { wf, admin, params } = await setup();
    const path = `/api/v1/workflows/${wf.id}/classifier/examples`;
    const csv = [
      "subject,message,seats,label",
      'Refund,"charged twice,\nplease ""refund""",3,billing', // a quoted field spanning lines 2–3
      "Parcel,where is my parcel,many,shipping", // line 4: seats is not a number
      "Login,locked out,1,refunds", // line 5: not a label
      ",,,login", // line 6: no text
      "Hi,reset link please,,login",
    ].join("\r\n");
    const bad = await admin(examplesRoute.POST, "POST", path, { csv, params });
    expect(bad.status).toBe(400);
    expect(bad.body.rows).toEqual([
      { line: 4, field: "seats", message: '"many" is not a number' },
      { line: 5, field: "label", message: '"refunds" is not one of the workflow\'s labels' },
      { line: 6, field: "subject|message", message: "At least one text field must have text" },
    ]);
    expect(await db.classifierExample.count({ where: { workflowId: wf.id } })).toBe(0);

    const some = await admin(examplesRoute.POST, "POST", `${path}?skipInvalid=true`, {
      csv,
      params,
    });
    expect(some).toMatchObject({ status: 201, body: { imported: 2 } });
    expect(some.body.skipped.map((s: { line: number }) => s.line)).toEqual([4, 5, 6]);
    const first = await db.classifierExample.findFirstOrThrow({
      where: { workflowId: wf.id, label: "billing" },
    });
    expect(first).toMatchObject({
      origin: "API",
      text: { subject: "Refund", message: 'charged twice,\nplease "refund"' },
      fields: { seats: 3 },
    });

    const unclosed = await admin(examplesRoute.POST, "POST", path, {
      csv: 'subject,message,label\nA,"never closed,billing\n',
      params,
    });
    expect(unclosed).toMatchObject({
      status: 400,
      body: { rows: [{ line: 2, field: "csv" }] },
    });
    const unknownColumn = await admin(examplesRoute.POST, "POST", path, {
      body: [{ message: "hi", label: "login", colour: "red" }],
      params,
    });
    expect(unknownColumn.body.rows).toEqual([
      { line: 1, field: "colour", message: expect.stringMatching(/Not a column/) },
    ]);

    const exclude = await admin(exampleRoute.PATCH, "PATCH", `${path}/${first.id}`, {
      body: { excluded: true, reason: "duplicate" },
      params: { id: wf.id, exampleId: first.id },
    });
    expect(exclude).toMatchObject({ status: 200, body: { excluded: true } });
  });

  it("imports JSON, trains, evaluates, predicts, proposes a threshold into the draft, rolls back", async () => {
    const { wf, admin, params } = await setup();
    const base = `/api/v1/workflows/${wf.id}/classifier`;
    const rows = supportMessages(400, 31).map((m) => ({
      subject: "",
      message: m.message,
      label: m.label,
    }));
    expect(
      await admin(examplesRoute.POST, "POST", `${base}/examples`, { body: rows, params }),
    ).toMatchObject({ status: 201, body: { imported: 400, skipped: [] } });

    const started = await admin(trainRoute.POST, "POST", `${base}/train`, { params });
    expect(started).toMatchObject({ status: 202, body: { version: 1, status: "TRAINING" } });
    const again = await admin(trainRoute.POST, "POST", `${base}/train`, { params });
    expect(again.status).toBe(409);
    await runTrainingJobs();

    const v1 = await admin(versionRoute.GET, "GET", `${base}/versions/1`, {
      params: { ...params, version: "1" },
    });
    expect(v1).toMatchObject({ status: 200, body: { version: 1, status: "READY", active: true } });
    expect(v1.body.metrics.accuracy).toBeGreaterThan(0.9);
    expect(v1.body.metrics.reliability).toHaveLength(10);
    expect(v1.body.metrics).not.toHaveProperty("scores");
    expect(v1.body).not.toHaveProperty("blob");

    const p = await admin(predictRoute.POST, "POST", `${base}/predict`, {
      body: { payload: { message: "the courier lost my parcel" } },
      params,
    });
    expect(p).toMatchObject({ status: 200, body: { label: "shipping", modelVersion: 1 } });
    const both = await admin(predictRoute.POST, "POST", `${base}/predict`, {
      body: { payload: {}, text: "x" },
      params,
    });
    expect(both.status).toBe(400);

    const t = await admin(thresholdRoute.POST, "POST", `${base}/threshold`, {
      body: { targetPrecision: 0.9, enableAuto: true },
      params,
    });
    expect(t.status).toBe(200);
    expect(t.body.proposal.threshold).toEqual(expect.any(Number));
    expect(t.body.proposal.lowerBound).toBeGreaterThanOrEqual(0.9);
    const draft = (await db.workflow.findUniqueOrThrow({ where: { id: wf.id } })).draft as {
      classifier: { threshold: number; mode: string; targetPrecision: number };
    };
    expect(draft.classifier).toMatchObject({
      threshold: t.body.proposal.threshold,
      mode: "auto",
      targetPrecision: 0.9,
    });
    // The published version still has no threshold: the draft waits for the admin.
    const published = await db.workflowVersion.findUniqueOrThrow({ where: { id: wf.versionId } });
    expect((published.definition as { classifier: { threshold: null } }).classifier.threshold).toBe(
      null,
    );

    await admin(trainRoute.POST, "POST", `${base}/train`, { params });
    await runTrainingJobs();
    const back = await admin(activateRoute.POST, "POST", `${base}/versions/1/activate`, {
      params: { ...params, version: "1" },
    });
    expect(back).toMatchObject({ status: 200, body: { version: 1, active: true } });
    const overview = await admin(overviewRoute.GET, "GET", base, { params });
    expect(
      overview.body.versions.map((v: { version: number; active: boolean }) => [
        v.version,
        v.active,
      ]),
    ).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(overview.body.examples.byLabel).toHaveLength(3);
  });
});
