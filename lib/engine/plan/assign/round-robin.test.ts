import { describe, expect, it } from "vitest";
import {
  applyAssignment,
  roundRobin,
  type TRoundRobinOptions,
} from "@/lib/engine/plan/assign/round-robin";
import { context, member, NOW, upsertRow } from "@/lib/engine/plan/assign/test-helpers";
import type { TLedgerRow, TMember } from "@/lib/engine/plan/types";

function row(userId: string, overrides: Partial<TLedgerRow> = {}): TLedgerRow {
  return {
    teamId: "t1",
    userId,
    assignedCount: 0,
    adjustment: 0,
    weight: 1,
    lastAssignedAt: null,
    ...overrides,
  };
}

/** Runs n assignments, updating the ledger and each member's open count like the worker does. */
function simulate(n: number, members: TMember[], options: TRoundRobinOptions = { teamId: "t1" }) {
  let ledger: TLedgerRow[] = [];
  const counts: Record<string, number> = Object.fromEntries(members.map((m) => [m.id, 0]));
  let failures = 0;
  for (let i = 0; i < n; i++) {
    const now = new Date(NOW.getTime() + i * 60_000);
    const result = roundRobin(options, { ...context(members, ledger), now });
    if (!result.ok) {
      failures++;
      continue;
    }
    counts[result.userId]++;
    ledger = upsertRow(ledger, applyAssignment(ledger, "t1", result.userId, now));
    members = members.map((m) =>
      m.id === result.userId ? { ...m, openHandoffs: m.openHandoffs + 1 } : m,
    );
  }
  return { counts, failures, ledger };
}

describe("roundRobin fairness", () => {
  it("spreads 1,000 assignments evenly and gives the out-of-office member none", () => {
    const team = [
      member("ana"),
      member("bo"),
      member("cy", {
        outOfOfficeFrom: new Date("2025-03-01"),
        outOfOfficeUntil: new Date("2025-04-01"),
      }),
      member("dee"),
    ];
    const { counts, failures } = simulate(1000, team);
    expect(failures).toBe(0);
    expect(counts.cy).toBe(0);
    expect([counts.ana, counts.bo, counts.dee].sort()).toEqual([333, 333, 334]);
  });

  it("gives shares proportional to weights 2:1:1", () => {
    const { counts } = simulate(1000, [member("ana"), member("bo"), member("cy")], {
      teamId: "t1",
      weights: { ana: 2 },
    });
    expect(counts).toEqual({ ana: 500, bo: 250, cy: 250 });
  });

  it("never picks a weight-0 member", () => {
    const { counts } = simulate(100, [member("ana"), member("bo")], {
      teamId: "t1",
      weights: { bo: 0 },
    });
    expect(counts).toEqual({ ana: 100, bo: 0 });
  });

  it("respects capacity and the rule cap, then fails", () => {
    const team = [
      member("ana", { capacity: 3 }),
      member("bo", { capacity: 10 }),
      member("cy", { capacity: 10 }),
    ];
    const { counts, failures } = simulate(20, team, { teamId: "t1", cap: 5 });
    expect(counts).toEqual({ ana: 3, bo: 5, cy: 5 });
    expect(failures).toBe(7);
  });

  it("skips inactive and unavailable members", () => {
    const { counts } = simulate(10, [
      member("ana", { active: false }),
      member("bo", { available: false }),
      member("cy"),
    ]);
    expect(counts).toEqual({ ana: 0, bo: 0, cy: 10 });
  });
});

describe("roundRobin choice", () => {
  it("picks the lowest count plus adjustment and explains it", () => {
    const ledger = [
      row("ana", { assignedCount: 3 }),
      row("bo", { assignedCount: 5 }),
      row("cy", { assignedCount: 1, adjustment: 4 }),
    ];
    const result = roundRobin(
      { teamId: "t1" },
      context([member("ana"), member("bo"), member("cy")], ledger),
    );
    expect(result).toEqual({
      ok: true,
      userId: "ana",
      teamId: "t1",
      strategy: "round_robin",
      explanation: "round-robin in team Enterprise chose Ana (3 assigned, lowest of 3 eligible)",
      skipped: [],
    });
  });

  it("uses the ledger weight unless the rule overrides it", () => {
    const ledger = [row("ana", { assignedCount: 4, weight: 2 }), row("bo", { assignedCount: 3 })];
    const members = [member("ana"), member("bo")];
    const byLedger = roundRobin({ teamId: "t1" }, context(members, ledger));
    expect(byLedger.ok && byLedger.userId).toBe("ana");
    expect(byLedger.explanation).toContain("4 assigned, weight 2");
    const byRule = roundRobin({ teamId: "t1", weights: { ana: 1 } }, context(members, ledger));
    expect(byRule.ok && byRule.userId).toBe("bo");
  });

  it("breaks ties by oldest lastAssignedAt, never-assigned first, then id", () => {
    const members = [member("ana"), member("bo"), member("cy")];
    const ledger = [
      row("ana", { assignedCount: 2, lastAssignedAt: new Date("2025-03-09") }),
      row("bo", { assignedCount: 2, lastAssignedAt: new Date("2025-03-08") }),
      row("cy", { assignedCount: 2, lastAssignedAt: new Date("2025-03-10") }),
    ];
    const pick = (l: TLedgerRow[], m = members) => {
      const r = roundRobin({ teamId: "t1" }, context(m, l));
      return r.ok ? r.userId : null;
    };
    expect(pick(ledger)).toBe("bo");
    expect(pick([...ledger, row("dee", { assignedCount: 2 })], [...members, member("dee")])).toBe(
      "dee",
    );
    expect(pick([])).toBe("ana");
  });

  it("ignores ledger rows from other teams", () => {
    const ledger = [
      row("ana", { teamId: "t2", assignedCount: 50 }),
      row("bo", { assignedCount: 1 }),
    ];
    const r = roundRobin({ teamId: "t1" }, context([member("ana"), member("bo")], ledger));
    expect(r.ok && r.userId).toBe("ana");
  });

  it("compares weighted shares exactly", () => {
    // 1/3 and 2/6 are the same share; the tie must fall to lastAssignedAt, not float noise.
    const ledger = [
      row("ana", { assignedCount: 2, weight: 6, lastAssignedAt: new Date("2025-03-09") }),
      row("bo", { assignedCount: 1, weight: 3, lastAssignedAt: new Date("2025-03-08") }),
    ];
    const r = roundRobin({ teamId: "t1" }, context([member("ana"), member("bo")], ledger));
    expect(r.ok && r.userId).toBe("bo");
  });

  it("lists skipped members with reasons", () => {
    const members = [
      member("ana", { active: false }),
      member("bo", { openHandoffs: 2, capacity: 2 }),
      member("cy"),
    ];
    const r = roundRobin({ teamId: "t1" }, context(members));
    expect(r.ok && r.explanation).toContain("only eligible member");
    expect(r.skipped.map((s) => [s.userId, s.reason])).toEqual([
      ["ana", "inactive"],
      ["bo", "at_capacity"],
    ]);
  });

  it("fails with every reason when all members are out", () => {
    const until = new Date("2025-03-20T00:00:00Z");
    const r = roundRobin(
      { teamId: "t1" },
      context([member("ana", { outOfOfficeUntil: until }), member("bo", { available: false })]),
    );
    expect(r).toMatchObject({ ok: false, reason: "NO_ELIGIBLE_OWNER", teamId: "t1" });
    expect(r.explanation).toBe(
      "no eligible member in team Enterprise: Ana is out of office until 2025-03-20 00:00 UTC; Bo is marked unavailable",
    );
  });

  it("fails on an empty team and on an unknown team", () => {
    const empty = roundRobin({ teamId: "t2" }, context([member("ana")]));
    expect(empty).toMatchObject({
      ok: false,
      reason: "NO_ELIGIBLE_OWNER",
      explanation: "team DACH has no members",
    });
    const unknown = roundRobin({ teamId: "nope" }, context([member("ana")]));
    expect(unknown).toMatchObject({ ok: false, reason: "UNKNOWN_TEAM" });
  });
});

describe("applyAssignment", () => {
  it("increments and stamps an existing row without touching adjustment or weight", () => {
    const ledger = [row("ana", { assignedCount: 3, adjustment: -1, weight: 2 })];
    expect(applyAssignment(ledger, "t1", "ana", NOW)).toEqual(
      row("ana", { assignedCount: 4, adjustment: -1, weight: 2, lastAssignedAt: NOW }),
    );
    expect(ledger[0].assignedCount).toBe(3);
  });

  it("creates a row for a member who had none", () => {
    expect(applyAssignment([row("ana", { teamId: "t2" })], "t1", "ana", NOW)).toEqual(
      row("ana", { assignedCount: 1, lastAssignedAt: NOW }),
    );
  });
});
