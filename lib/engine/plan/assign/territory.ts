import type { TAssignment } from "@/lib/workflow-definition/schema";
import type { TAssignContext, TAssignResult } from "@/lib/engine/plan/types";
import { formatValue, hasValue, readField } from "@/lib/rules/field-path";
import { leastLoaded } from "@/lib/engine/plan/assign/least-loaded";
import { roundRobin } from "@/lib/engine/plan/assign/round-robin";
import { teamName } from "@/lib/engine/plan/assign/eligibility";

export type TTerritoryAssignment = Extract<TAssignment, { strategy: "territory" }>;

function normalise(value: unknown): string | null {
  if (typeof value === "string") return value.trim().toLowerCase();
  if (typeof value === "number" || typeof value === "boolean") return String(value).toLowerCase();
  return null;
}

/**
 * The team a territory maps a field value to, matched case-insensitively and
 * ignoring surrounding spaces. Returns null when nothing maps it.
 */
export function territoryTeam(map: Record<string, string>, value: unknown): string | null {
  const key = normalise(value);
  if (key === null || key === "") return null;
  for (const [mapped, teamId] of Object.entries(map)) {
    if (mapped.trim().toLowerCase() === key) return teamId;
  }
  return null;
}

/**
 * Territory: read the field, pick the mapped team (or the fallback team), then
 * choose within that team by round-robin or least-loaded. A value that maps
 * nowhere with no fallback is a NO_TERRITORY failure.
 */
export function territory(assign: TTerritoryAssignment, ctx: TAssignContext): TAssignResult {
  const value = readField(ctx.data, assign.field);
  const shown = `${assign.field} ${hasValue(value) ? formatValue(value) : "(missing)"}`;
  let teamId = territoryTeam(assign.map, value);
  let how: string;
  if (teamId) {
    how = `territory: ${shown} → team ${teamName(ctx.directory, teamId)}`;
  } else if (assign.fallbackTeamId) {
    teamId = assign.fallbackTeamId;
    how = `territory: ${shown} is not mapped → fallback team ${teamName(ctx.directory, teamId)}`;
  } else {
    return {
      ok: false,
      reason: "NO_TERRITORY",
      strategy: "territory",
      teamId: null,
      explanation: `territory: ${shown} is not mapped to a team and there is no fallback team`,
      skipped: [],
    };
  }
  const within =
    assign.within === "least_loaded" ? leastLoaded({ teamId }, ctx) : roundRobin({ teamId }, ctx);
  return { ...within, strategy: "territory", explanation: `${how}; ${within.explanation}` };
}
