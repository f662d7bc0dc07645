import type { TAssignContext, TAssignResult, TLedgerRow, TSkipped } from "@/lib/engine/plan/types";
import {
  compareIds,
  noneEligible,
  skipReason,
  teamMembers,
  teamName,
} from "@/lib/engine/plan/assign/eligibility";

/** A round-robin assignment within one team. */
export type TRoundRobinOptions = {
  teamId: string;
  /** userId → weight, overriding the ledger's weight (default 1; 0 = never). */
  weights?: Record<string, number>;
  /** Per-member open-handoff limit on top of each member's own capacity. */
  cap?: number;
};

type TCandidate = {
  id: string;
  name: string;
  load: number;
  weight: number;
  row: TLedgerRow | undefined;
};

function ledgerRow(
  ledger: readonly TLedgerRow[],
  teamId: string,
  userId: string,
): TLedgerRow | undefined {
  return ledger.find((r) => r.teamId === teamId && r.userId === userId);
}

/**
 * Fewest weighted assignments first. Compares load/weight by cross-multiplying
 * so equal shares are equal exactly (no floating-point near-ties). Then the
 * longest-waiting member (never assigned first), then id, so the choice is
 * deterministic across workers.
 */
function compare(a: TCandidate, b: TCandidate): number {
  const byShare = a.load * b.weight - b.load * a.weight;
  if (byShare !== 0) return byShare;
  const at = a.row?.lastAssignedAt?.getTime() ?? -Infinity;
  const bt = b.row?.lastAssignedAt?.getTime() ?? -Infinity;
  if (at !== bt) return at < bt ? -1 : 1;
  return compareIds(a.id, b.id);
}

function loadText(c: TCandidate): string {
  const count = c.row?.assignedCount ?? 0;
  const adjustment = c.row?.adjustment ?? 0;
  let text = `${count} assigned`;
  if (adjustment !== 0) text += ` ${adjustment > 0 ? "+" : "−"} ${Math.abs(adjustment)} adjustment`;
  if (c.weight !== 1) text += `, weight ${c.weight}`;
  return text;
}

/**
 * Fair round-robin: among eligible team members, the one with the lowest
 * (assignedCount + adjustment) / weight. A member with no ledger row counts as
 * never assigned. Reports every skipped member and why.
 */
export function roundRobin(options: TRoundRobinOptions, ctx: TAssignContext): TAssignResult {
  const { teamId, weights = {}, cap } = options;
  const team = teamName(ctx.directory, teamId);
  const members = teamMembers(ctx.directory, teamId);
  const base = { strategy: "round_robin" as const, teamId };
  if (members.length === 0 && !ctx.directory.teams.some((t) => t.id === teamId)) {
    return {
      ok: false,
      reason: "UNKNOWN_TEAM",
      ...base,
      explanation: `team ${teamId} does not exist`,
      skipped: [],
    };
  }

  const skipped: TSkipped[] = [];
  const candidates: TCandidate[] = [];
  for (const member of members) {
    const skip = skipReason(member, ctx.now, cap);
    if (skip) {
      skipped.push(skip);
      continue;
    }
    const row = ledgerRow(ctx.ledger, teamId, member.id);
    const weight = weights[member.id] ?? row?.weight ?? 1;
    if (!(weight > 0)) {
      skipped.push({
        userId: member.id,
        reason: "zero_weight",
        detail: `${member.name} has weight 0`,
      });
      continue;
    }
    const load = (row?.assignedCount ?? 0) + (row?.adjustment ?? 0);
    candidates.push({ id: member.id, name: member.name, load, weight, row });
  }

  if (candidates.length === 0) {
    return {
      ok: false,
      reason: "NO_ELIGIBLE_OWNER",
      ...base,
      explanation: noneEligible(team, skipped),
      skipped,
    };
  }
  const chosen = [...candidates].sort(compare)[0];
  const of =
    candidates.length === 1 ? "only eligible member" : `lowest of ${candidates.length} eligible`;
  return {
    ok: true,
    userId: chosen.id,
    ...base,
    explanation: `round-robin in team ${team} chose ${chosen.name} (${loadText(chosen)}, ${of})`,
    skipped,
  };
}

/**
 * The ledger row after `userId` was assigned in `teamId` at `now`: one more
 * assignment, stamped. Creates the row when the member had none. The caller
 * persists it (ideally as an atomic increment, so concurrent workers agree).
 */
export function applyAssignment(
  ledger: readonly TLedgerRow[],
  teamId: string,
  userId: string,
  now: Date,
): TLedgerRow {
  const row = ledgerRow(ledger, teamId, userId) ?? {
    teamId,
    userId,
    assignedCount: 0,
    adjustment: 0,
    weight: 1,
    lastAssignedAt: null,
  };
  return { ...row, assignedCount: row.assignedCount + 1, lastAssignedAt: now };
}
