import type { TAssignContext, TLedgerRow, TMember } from "@/lib/engine/plan/types";

/** Test fixtures for the assignment strategies (imported only by *.test.ts). */

export const NOW = new Date("2025-03-10T10:00:00Z");

export function member(id: string, overrides: Partial<TMember> = {}): TMember {
  return {
    id,
    name: id.charAt(0).toUpperCase() + id.slice(1),
    teamId: "t1",
    active: true,
    available: true,
    capacity: 1000,
    openHandoffs: 0,
    ...overrides,
  };
}

export function context(
  members: TMember[],
  ledger: TLedgerRow[] = [],
  data: Record<string, unknown> = {},
): TAssignContext {
  return {
    directory: {
      members,
      teams: [
        { id: "t1", name: "Enterprise" },
        { id: "t2", name: "DACH" },
        { id: "t3", name: "Inbound" },
      ],
    },
    ledger,
    data,
    now: NOW,
  };
}

/** Replaces (or adds) one ledger row, as the worker's upsert would. */
export function upsertRow(ledger: TLedgerRow[], row: TLedgerRow): TLedgerRow[] {
  const rest = ledger.filter((r) => !(r.teamId === row.teamId && r.userId === row.userId));
  return [...rest, row];
}
