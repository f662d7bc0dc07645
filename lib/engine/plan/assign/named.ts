import type { TAssignContext, TAssignResult } from "@/lib/engine/plan/types";
import { skipReason } from "@/lib/engine/plan/assign/eligibility";

/**
 * A named owner: that user when they can take work, otherwise a failure that
 * says why (deactivated, unavailable, out of office, at capacity). The engine
 * turns the failure into an exception rather than quietly picking someone else.
 */
export function named(options: { userId: string }, ctx: TAssignContext): TAssignResult {
  const member = ctx.directory.members.find((m) => m.id === options.userId);
  if (!member) {
    return {
      ok: false,
      reason: "UNKNOWN_USER",
      strategy: "named",
      teamId: null,
      explanation: `named owner ${options.userId} does not exist`,
      skipped: [],
    };
  }
  const skip = skipReason(member, ctx.now);
  if (skip) {
    return {
      ok: false,
      reason: "OWNER_UNAVAILABLE",
      strategy: "named",
      teamId: member.teamId,
      explanation: `named owner ${skip.detail}`,
      skipped: [skip],
    };
  }
  return {
    ok: true,
    userId: member.id,
    teamId: member.teamId,
    strategy: "named",
    explanation: `named owner ${member.name}`,
    skipped: [],
  };
}
