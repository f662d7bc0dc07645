import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { acquireJobWake, modelsGeneration, releaseJobWake } from "@/lib/server/job-wake";
import { findActiveVersions } from "./active-models";

// Which classifier version is active per workflow, read once per batch by the
// engine. SQLite reads it with one prepared statement each time; PostgreSQL
// caches it while the process's listener hears ClassifierModel's trigger.
const isPg = !!process.env.VITEST_PG_URL;
let workflowId: string;
let v1: string;
let v2: string;

beforeAll(async () => {
  const tag = randomBytes(4).toString("hex");
  const source = await db.source.create({
    data: { key: `am-${tag}`, name: "Active models", signingSecret: "whsec_x" },
  });
  const wf = await db.workflow.create({
    data: { key: `am-${tag}`, name: "Active models", sourceId: source.id, draft: {} },
  });
  workflowId = wf.id;
  const model = (version: number, active: boolean) =>
    db.classifierModel.create({
      data: {
        workflowId,
        version,
        status: "READY",
        labels: ["a", "b"],
        dataThrough: new Date(),
        trainedBy: "test",
        active,
        blob: "{}",
      },
      select: { id: true },
    });
  v1 = (await model(1, true)).id;
  v2 = (await model(2, false)).id;
});

afterAll(async () => {
  if (isPg) await releaseJobWake();
});

/** Makes `id` the active version, the way activation does (one transaction). */
async function activate(id: string) {
  await db.$transaction([
    db.classifierModel.updateMany({ where: { workflowId, active: true }, data: { active: false } }),
    db.classifierModel.update({ where: { id }, data: { active: true } }),
  ]);
}

const activeId = async () => (await findActiveVersions([workflowId], db)).map((a) => a.id);

describe.skipIf(isPg)("active versions on SQLite", () => {
  it("reads the active READY version, and sees an activation at once", async () => {
    expect(await activeId()).toEqual([v1]);
    await activate(v2);
    expect(await activeId()).toEqual([v2]);
    await db.classifierModel.update({ where: { id: v2 }, data: { status: "FAILED" } });
    expect(await activeId()).toEqual([]);
    await db.classifierModel.update({ where: { id: v2 }, data: { status: "READY" } });
    await activate(v1);
    expect(await activeId()).toEqual([v1]);
  });
});

describe.skipIf(!isPg)("active versions on PostgreSQL", () => {
  it("are cached while the listener is up, and dropped when a write to ClassifierModel is notified", async () => {
    // Without a listener in the process nothing is cached: every call reads.
    expect(modelsGeneration()).toBeNull();
    expect(await activeId()).toEqual([v1]);
    acquireJobWake(process.env.DATABASE_URL ?? "");
    await expect.poll(() => modelsGeneration(), { timeout: 10_000 }).not.toBeNull();
    expect(await activeId()).toEqual([v1]);

    // With the trigger off, a change is not heard: the cached answer stays,
    // which shows the call no longer reads the table.
    await db.$executeRawUnsafe(
      `ALTER TABLE "ClassifierModel" DISABLE TRIGGER "ClassifierModel_notify_models"`,
    );
    try {
      await activate(v2);
      expect(await activeId()).toEqual([v1]);
    } finally {
      await db.$executeRawUnsafe(
        `ALTER TABLE "ClassifierModel" ENABLE TRIGGER "ClassifierModel_notify_models"`,
      );
    }
    // An activation heard: the next call reads again.
    const before = modelsGeneration();
    await activate(v2);
    await expect.poll(() => modelsGeneration(), { timeout: 5_000 }).not.toBe(before);
    expect(await activeId()).toEqual([v2]);

    // The listener lost: nothing is cached until it is back.
    await db.$executeRawUnsafe(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'baton-job-wake'`,
    );
    await expect.poll(() => modelsGeneration(), { timeout: 5_000 }).toBeNull();
    await db.$executeRawUnsafe(
      `ALTER TABLE "ClassifierModel" DISABLE TRIGGER "ClassifierModel_notify_models"`,
    );
    try {
      await activate(v1);
      expect(await activeId()).toEqual([v1]);
    } finally {
      await db.$executeRawUnsafe(
        `ALTER TABLE "ClassifierModel" ENABLE TRIGGER "ClassifierModel_notify_models"`,
      );
    }
    await expect.poll(() => modelsGeneration(), { timeout: 10_000 }).not.toBeNull();
  });
});
