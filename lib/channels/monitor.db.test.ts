import { describe, expect, it } from "vitest";
import { ingestHandler } from "@/lib/ingest/ingest-handler";
import { flushRejectionCounts } from "@/lib/ingest/rejections";
import { forgetIngestSource } from "@/lib/ingest/source-cache";
import { db } from "@/lib/server/db";
import { rotateSourceSecret } from "@/lib/sources/mutations";
import { makeUser } from "@/test/factories";
import { makeSource, signedRequest } from "@/test/ingest";
import { runChannelMonitor } from "./monitor";
import { HOUR_MS } from "./quiet/model";

const alarmsOf = (sourceId: string, reason: string) =>
  db.exception.findMany({
    where: { sourceId, reason: reason as never },
    orderBy: { createdAt: "asc" },
  });

describe("the channel monitor", () => {
  it("a rejection storm after a secret rotation opens SOURCE_REJECTING naming INVALID_SIGNATURE, once, then resolves", async () => {
    const { actor } = await makeUser("ADMIN");
    const { user: manager } = await makeUser("MANAGER");
    const source = await makeSource();
    const oldSecret = source.signingSecret!;
    const rotated = await rotateSourceSecret(actor, source.id, { overlapMinutes: 0 });
    forgetIngestSource(source.key);

    // The sender still signs with the old secret: 30 refusals; 2 good ones get through.
    for (let i = 0; i < 30; i++) {
      const res = await ingestHandler(
        signedRequest({ key: source.key, signingSecret: oldSecret }, JSON.stringify({ i })),
        source.key,
      );
      expect(res.status).toBe(401);
    }
    for (let i = 0; i < 2; i++) {
      const res = await ingestHandler(
        signedRequest(
          { key: source.key, signingSecret: rotated.signingSecret },
          JSON.stringify({ email: `ok${i}@example.com` }),
        ),
        source.key,
      );
      expect(res.status).toBe(202);
    }
    await flushRejectionCounts();

    const now = new Date();
    const first = await runChannelMonitor(now);
    expect(first.rejecting).toContain(source.key);
    await runChannelMonitor(new Date(now.getTime() + 60_000));
    const open = await alarmsOf(source.id, "SOURCE_REJECTING");
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ status: "OPEN", ownerId: null });
    expect(open[0].title).toBe(`Source rejecting: ${source.name}`);
    expect(open[0].detail).toContain("30 deliveries refused in the last hour against 2 accepted");
    expect(open[0].detail).toContain("INVALID_SIGNATURE");
    expect(open[0].detail).toContain("old secret");
    // No owner: every active manager hears about it.
    const told = await db.notification.findMany({
      where: { userId: manager.id, link: { contains: open[0].id } },
    });
    expect(told).toHaveLength(1);

    // Two hours later the storm is out of the window: resolved as recovered, audited.
    await runChannelMonitor(new Date(now.getTime() + 2 * HOUR_MS + 60_000));
    const after = await db.exception.findUniqueOrThrow({ where: { id: open[0].id } });
    expect(after).toMatchObject({ status: "RESOLVED", resolution: "RECOVERED" });
    const audit = await db.auditEntry.findFirst({
      where: { entityId: open[0].id, action: "exception.resolved" },
    });
    expect(audit?.actorLabel).toBe("system:worker");
  });

  it("a source below its explicit minimum opens SOURCE_QUIET with expected and arrived, then resolves when events arrive", async () => {
    const source = await makeSource();
    // Created a day ago, at least 2 events every 3 hours; it sent nothing.
    await db.source.update({
      where: { id: source.id },
      data: {
        createdAt: new Date(Date.now() - 24 * HOUR_MS),
        alarmConfig: { quiet: { mode: "minimum", minimum: { events: 2, hours: 3 } } },
      },
    });
    forgetIngestSource(source.key);
    const now = new Date();
    const r = await runChannelMonitor(now);
    expect(r.quiet).toContain(source.key);
    const [x] = await alarmsOf(source.id, "SOURCE_QUIET");
    expect(x.title).toBe(`Source quiet: ${source.name}`);
    expect(x.detail).toMatch(/^0 events in the last 3 hours \(the source's minimum is 2\)/);
    expect(x.context).toMatchObject({
      alarm: { expected: 2, arrived: 0, method: "minimum" },
      links: { deliveries: `/sources/${source.key}` },
    });

    for (let i = 0; i < 2; i++) {
      const res = await ingestHandler(
        signedRequest(source, JSON.stringify({ email: `back${i}@example.com` })),
        source.key,
      );
      expect(res.status).toBe(202);
    }
    const back = await runChannelMonitor(new Date(Date.now() + 1000));
    expect(back.resolved).toContain(`${source.key}:SOURCE_QUIET`);
    expect(await db.exception.findUniqueOrThrow({ where: { id: x.id } })).toMatchObject({
      status: "RESOLVED",
      resolution: "RECOVERED",
    });
  });

  it("switched off, a source is not watched, and an open quiet alarm closes", async () => {
    const source = await makeSource();
    await db.source.update({
      where: { id: source.id },
      data: {
        createdAt: new Date(Date.now() - 24 * HOUR_MS),
        alarmConfig: { quiet: { mode: "minimum", minimum: { events: 1, hours: 1 } } },
      },
    });
    await runChannelMonitor(new Date());
    expect(await alarmsOf(source.id, "SOURCE_QUIET")).toHaveLength(1);
    await db.source.update({
      where: { id: source.id },
      data: { alarmConfig: { quiet: { mode: "off" } } },
    });
    await runChannelMonitor(new Date(Date.now() + 1000));
    const [x] = await alarmsOf(source.id, "SOURCE_QUIET");
    expect(x).toMatchObject({ status: "RESOLVED", resolutionNote: expect.stringContaining("off") });
  });
});
