import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeDestination } from "@/test/pipeline";
import { persistCircuitState } from "./circuit";

describe("circuit transitions in the audit log", () => {
  it("keep one row per outage: opened, then closed with the failed trials counted", async () => {
    const d = await makeDestination("http://127.0.0.1:9/never");
    // Down: open, then three half-open trials that fail, then one that succeeds.
    await persistCircuitState(d.id, "OPEN");
    for (let i = 0; i < 3; i++) {
      await persistCircuitState(d.id, "HALF_OPEN");
      await persistCircuitState(d.id, "OPEN");
    }
    await persistCircuitState(d.id, "HALF_OPEN");
    await persistCircuitState(d.id, "CLOSED");
    const rows = await db.auditEntry.findMany({
      where: { entityId: d.id, action: { startsWith: "destination.circuit" } },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => r.action)).toEqual([
      "destination.circuit_opened",
      "destination.circuit_closed",
    ]);
    expect(rows[1].after).toMatchObject({ circuitState: "CLOSED", failedTrials: 3 });
    expect(rows[1].reason).toBe("Recovered after 3 failed trials.");
    expect(await db.destination.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
      circuitState: "CLOSED",
      consecutiveFailures: 0,
    });
  });
});
