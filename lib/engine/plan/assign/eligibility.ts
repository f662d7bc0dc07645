import type { TDirectory, TMember, TSkipped } from "@/lib/engine/plan/types";
import { utcMinute } from "@/lib/server/utc-text";

/**
 * Who may take new work right now. Every strategy uses the same test, so a
 * member skipped by round-robin is skipped by least-loaded for the same reason.
 */

/**
 * Whether `now` falls in the member's out-of-office window. Either bound may
 * be open: only `until` means "away until then", only `from` means "away from
 * then on". Both bounds are inclusive.
 */
export function isOutOfOffice(member: TMember, now: Date): boolean {
  const from = member.outOfOfficeFrom ?? null;
  const until = member.outOfOfficeUntil ?? null;
  if (!from && !until) return false;
  return (!from || from.getTime() <= now.getTime()) && (!until || now.getTime() <= until.getTime());
}

/**
 * Why a member cannot take new work at `now`, or null when they can. `cap`
 * (a round-robin rule's per-member limit) tightens the member's own capacity.
 */
export function skipReason(member: TMember, now: Date, cap?: number): TSkipped | null {
  const userId = member.id;
  if (!member.active)
    return { userId, reason: "inactive", detail: `${member.name} is deactivated` };
  if (!member.available)
    return { userId, reason: "unavailable", detail: `${member.name} is marked unavailable` };
  if (isOutOfOffice(member, now)) {
    const until = member.outOfOfficeUntil ? ` until ${utcMinute(member.outOfOfficeUntil)}` : "";
    return { userId, reason: "out_of_office", detail: `${member.name} is out of office${until}` };
  }
  const limit = cap === undefined ? member.capacity : Math.min(member.capacity, cap);
  if (member.openHandoffs >= limit) {
    const by = cap !== undefined && cap < member.capacity ? "rule cap" : "capacity";
    return {
      userId,
      reason: "at_capacity",
      detail: `${member.name} is at ${by} (${member.openHandoffs} of ${limit} open)`,
    };
  }
  return null;
}

/** A member's display name, or their id if the directory does not know them. */
export function memberName(directory: TDirectory, userId: string): string {
  return directory.members.find((m) => m.id === userId)?.name ?? userId;
}

/** A team's display name, or its id if the directory does not know it. */
export function teamName(directory: TDirectory, teamId: string): string {
  return directory.teams.find((t) => t.id === teamId)?.name ?? teamId;
}

/**
 * Members of a team who take work from a pool (managers lead the team but are
 * not in its round-robin), ordered by id so every strategy is deterministic.
 */
export function teamMembers(directory: TDirectory, teamId: string): TMember[] {
  return directory.members
    .filter((m) => m.teamId === teamId && m.inPool !== false)
    .sort((a, b) => compareIds(a.id, b.id));
}

/** Plain code-unit order: locale-independent, so every process picks the same member. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "no eligible member in team Enterprise: Ana is out of office; Bo is at capacity (5 of 5 open)". */
export function noneEligible(team: string, skipped: readonly TSkipped[]): string {
  const why = skipped.map((s) => s.detail).join("; ");
  return why ? `no eligible member in team ${team}: ${why}` : `team ${team} has no members`;
}
