import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetBreakers } from "@/lib/destinations/circuit";
import { ingestHandler } from "@/lib/ingest/ingest-handler";
import { db } from "@/lib/server/db";
import { logger, redirectLogs } from "@/lib/server/logger";
import { uniq } from "@/test/factories";
import { startFakeDestination } from "@/test/fake-destination";
import { makeSource, signedRequest } from "@/test/ingest";
import { drain, makeDestination, makeTeamWithAgents, makeWorkflow } from "@/test/pipeline";

type TLine = { msg: string; level: number; eventId?: string; [k: string]: unknown };

let dest: Awaited<ReturnType<typeof startFakeDestination>>;
beforeAll(async () => {
  dest = await startFakeDestination("500");
  resetBreakers();
});
afterAll(() => dest.close());

describe("correlation ids in the pipeline's logs", () => {
  it("puts the event id on every line from ingest to dead letter", async () => {
    const { team } = await makeTeamWithAgents(1);
    const source = await makeSource();
    const d = await makeDestination(dest.url, { maxAttempts: 2 });
    await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
      actions: [{ id: "crm", name: "Create lead", type: "webhook", destinationKey: d.key }],
    });
    // Leftovers of other test files (shared database) must not log into this capture.
    await drain(["event.process", "delivery.send"]);

    const lines: TLine[] = [];
    const restore = redirectLogs({ write: (l: string) => void lines.push(JSON.parse(l)) });
    const level = logger.level;
    logger.level = "debug";
    let eventId: string;
    try {
      const res = await ingestHandler(
        signedRequest(source, JSON.stringify({ email: `${uniq()}@acme.example` })),
        source.key,
      );
      expect(res.status).toBe(202);
      eventId = ((await res.json()) as { eventId: string }).eventId;
      await expect
        .poll(
          async () => {
            await drain(["event.process", "delivery.send"]);
            return db.exception.count({ where: { eventId, reason: "DEAD_LETTER" } });
          },
          { timeout: 10_000 },
        )
        .toBe(1);
    } finally {
      logger.level = level;
      restore();
    }

    const messages = lines.map((l) => l.msg);
    expect(messages).toEqual([
      "ingest: event accepted",
      "pipeline: processing event",
      "event batch",
      "pipeline: event processed",
      "delivery attempt",
      "delivery retry scheduled",
      "delivery attempt",
      "delivery given up; exception opened",
    ]);
    // One line per event, or per batch naming every event in it.
    for (const line of lines) {
      if (line.msg === "event batch") expect(line.eventIds, line.msg).toContain(eventId);
      else expect(line.eventId, line.msg).toBe(eventId);
    }
    expect(lines[0].requestId).toEqual(expect.any(String));
    expect([lines[1], lines[3]].every((l) => typeof l.jobId === "string")).toBe(true);
    expect(lines[3]).toMatchObject({
      status: "ROUTED",
      steps: ["trigger", "understand", "decide", "act"],
    });
    const deliveries = lines.filter((l) => l.msg.startsWith("delivery"));
    expect(deliveries.every((l) => typeof l.deliveryId === "string" && l.jobId)).toBe(true);
    expect(deliveries[3]).toMatchObject({ reason: "DEAD_LETTER" });
  });
});
