import { describe, expect, it } from "vitest";
import { pipelineIncrements } from "./pipeline-metrics";

const received = new Date("2025-03-10T10:00:00.000Z");
const runAt = new Date("2025-03-10T10:00:00.050Z");
const started = new Date("2025-03-10T10:00:00.250Z");
const committed = Date.parse("2025-03-10T10:00:01.000Z");
const job = (over: Partial<{ payload: Record<string, unknown>; attempts: number }> = {}) => ({
  eventId: "e1",
  payload: { eventId: "e1" },
  runAt,
  attempts: 1,
  ...over,
});
/** Observations per stage: `baton_pipeline_seconds|stage=ack|count` → { ack: 1 }. */
const counts = (m: ReadonlyMap<string, number>) =>
  Object.fromEntries(
    [...m].filter(([k]) => k.endsWith("|count")).map(([k, v]) => [k.split("|")[1].slice(6), v]),
  );
const sum = (m: ReadonlyMap<string, number>, stage: string) =>
  m.get(`baton_pipeline_seconds|stage=${stage}|sum`);

describe("pipelineIncrements", () => {
  it("observes ack, queue and decide once for a first attempt", () => {
    const m = pipelineIncrements([job()], [{ id: "e1", receivedAt: received }], started, committed);
    expect(counts(m)).toEqual({ ack: 1, queue: 1, decide: 1 });
    expect(sum(m, "ack")).toBeCloseTo(0.05);
    expect(sum(m, "queue")).toBeCloseTo(0.2);
    expect(sum(m, "decide")).toBeCloseTo(1);
  });

  it("leaves replays out of ack and decide, and retries out of ack", () => {
    const replay = pipelineIncrements(
      [job({ payload: { eventId: "e1", replay: true } })],
      [{ id: "e1", receivedAt: received }],
      started,
      committed,
    );
    expect(counts(replay)).toEqual({ queue: 1 });
    const retry = pipelineIncrements(
      [job({ attempts: 2 })],
      [{ id: "e1", receivedAt: received }],
      started,
      committed,
    );
    expect(counts(retry)).toEqual({ queue: 1, decide: 1 });
  });

  it("adds nothing without events", () => {
    expect(pipelineIncrements([job()], [], started, committed).size).toBe(0);
  });
});
