import type { TAssignContext, TAssignResult, TMember, TSkipped } from "@/lib/engine/plan/types";
import {
  compareIds,
  noneEligible,
  skipReason,
  teamMembers,
  teamName,
} from "@/lib/engine/plan/assign/eligibility";

/** Lower open/capacity ratio first, compared by cross-multiplying (exact); then id. */
function compare(a: TMember, b: TMember): number {
  const byRatio = a.openHandoffs * b.capacity - b.openHandoffs * a.capacity;
  return byRatio !== 0 ? byRatio : compareIds(a.id, b.id);
}

/**
 * Least-loaded: among eligible team members, the one with the lowest share of
 * their capacity in use, so a member with capacity 20 and 5 open (25 %) comes
 * before one with capacity 5 and 2 open (40 %).
 */
export function leastLoaded(options: { teamId: string }, ctx: TAssignContext): TAssignResult {
  const { teamId } = options;
  const team = teamName(ctx.directory, teamId);
  const members = teamMembers(ctx.directory, teamId);
  const base = { strategy: "least_loaded" as const, teamId };
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
  const eligible: TMember[] = [];
  for (const member of members) {
    const skip = skipReason(member, ctx.now);
    if (skip) skipped.push(skip);
    else eligible.push(member);
  }
  if (eligible.length === 0) {
    return {
      ok: false,
      reason: "NO_ELIGIBLE_OWNER",
      ...base,
      explanation: noneEligible(team, skipped),
      skipped,
    };
  }
  const chosen = [...eligible].sort(compare)[0];
  const of =
    eligible.length === 1 ? "only eligible member" : `lowest load of ${eligible.length} eligible`;
  return {
    ok: true,
    userId: chosen.id,
    ...base,
    explanation: `least-loaded in team ${team} chose ${chosen.name} (${chosen.openHandoffs} of ${chosen.capacity} open, ${of})`,
    skipped,
  };
}
