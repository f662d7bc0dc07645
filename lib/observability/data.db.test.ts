import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { uniq } from "@/test/factories";
import { makeDestination, makeSource, receiveEvent } from "@/test/pipeline";
import { readMetricFamilies } from "./data";
import { formatMetrics, type TMetricFamily } from "./prometheus";
import { EXCEPTION_REASONS } from "@/lib/exception-model/allowed-actions";

function family(families: TMetricFamily[], name: string): TMetricFamily {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no family ${name}`);
  return found;
}

/** The value of the one sample whose labels include `labels` (undefined when absent). */
function valueOf(f: TMetricFamily, labels: Record<string, string> = {}): number | undefined {
  return f.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v))
    ?.value;
}

describe("readMetricFamilies", () => {
  it("reports seeded events, rejections, jobs, deliveries, circuits, exceptions and handoffs", async () => {
    // The database is shared with other test files: compare before and after
    // for families that are not scoped to rows this test owns.
    const before = await readMetricFamilies();
    const source = await makeSource();
    const event = await receiveEvent(source.id, { email: "a@example.com" });
    await receiveEvent(source.id, { email: "b@example.com" });
    const day = new Date(Date.UTC(2025, 0, 2));
    await db.sourceRejectionCount.createMany({
      data: [
        { sourceId: source.id, reason: "INVALID_SIGNATURE", day, count: 4 },
        {
          sourceId: source.id,
          reason: "INVALID_SIGNATURE",
          day: new Date(+day + 86_400_000),
          count: 3,
        },
      ],
    });
    const destination = await makeDestination("http://127.0.0.1:9/none");
    await db.destination.update({
      where: { id: destination.id },
      data: { circuitState: "OPEN", circuitOpenedAt: new Date() },
    });
    await db.delivery.create({
      data: {
        destinationId: destination.id,
        eventId: event.id,
        idempotencyKey: uniq("idem"),
        attempt: 1,
        status: "FAILED_TRANSIENT",
        durationMs: 12,
      },
    });
    await db.exception.create({
      data: {
        reason: "SOURCE_MISMATCH",
        title: "metrics test",
        dueAt: new Date(),
        allowedActions: [],
        sourceId: source.id,
      },
    });
    const record = await db.record.create({ data: { identityKey: `email:${uniq()}@x.test` } });
    await db.handoff.create({
      data: { recordId: record.id, state: "ESCALATED", dueAt: new Date() },
    });

    const after = await readMetricFamilies();
    const src = source.key;
    expect(valueOf(family(after, "baton_events"), { source: src, status: "RECEIVED" })).toBe(2);
    expect(
      valueOf(family(after, "baton_events_rejected"), {
        source: src,
        reason: "INVALID_SIGNATURE",
      }),
    ).toBe(7);
    const jobs = (f: TMetricFamily[]) =>
      valueOf(family(f, "baton_jobs"), { kind: "event.process", status: "QUEUED" }) ?? 0;
    expect(jobs(after) - jobs(before)).toBe(2);
    expect(valueOf(family(after, "baton_job_oldest_due_age_seconds"))).toBeGreaterThanOrEqual(0);
    expect(
      valueOf(family(after, "baton_deliveries"), {
        destination: destination.key,
        status: "FAILED_TRANSIENT",
      }),
    ).toBe(1);
    const circuit = family(after, "baton_destination_circuit_state").samples.filter(
      (s) => s.labels?.destination === destination.key,
    );
    expect(circuit.map((s) => [s.labels?.state, s.value]).sort()).toEqual([
      ["CLOSED", 0],
      ["HALF_OPEN", 0],
      ["OPEN", 1],
    ]);
    const delta = (name: string, labels: Record<string, string>) =>
      (valueOf(family(after, name), labels) ?? 0) - (valueOf(family(before, name), labels) ?? 0);
    expect(delta("baton_exceptions_open", { reason: "SOURCE_MISMATCH" })).toBe(1);
    expect(delta("baton_handoffs", { state: "ESCALATED" })).toBe(1);
    // Every enum value has a series, even at zero.
    expect(family(after, "baton_handoffs").samples).toHaveLength(6);
    expect(family(after, "baton_exceptions_open").samples).toHaveLength(EXCEPTION_REASONS.length);
  });

  it("reports the newest worker heartbeat and counts only live workers", async () => {
    const now = new Date();
    await db.workerHeartbeat.createMany({
      data: [
        { id: uniq("w"), pid: 1, host: "a", beatAt: new Date(+now - 5_000) },
        { id: uniq("w"), pid: 2, host: "b", beatAt: new Date(+now - 3_600_000) },
      ],
    });
    const families = await readMetricFamilies(now);
    const age = valueOf(family(families, "baton_worker_heartbeat_age_seconds"));
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThanOrEqual(5);
    expect(valueOf(family(families, "baton_workers"))).toBeGreaterThanOrEqual(1);
    const later = await readMetricFamilies(new Date(+now + 600_000));
    expect(valueOf(family(later, "baton_workers"))).toBe(0);
  });

  it("formats to an exposition document with every family", async () => {
    const text = formatMetrics(await readMetricFamilies());
    for (const name of ["baton_events", "baton_worker_heartbeat_age_seconds"]) {
      expect(text).toContain(`# TYPE ${name} gauge`);
    }
  });
});
