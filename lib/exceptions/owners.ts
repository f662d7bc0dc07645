import "server-only";
import { chooseOwner } from "@/lib/engine/plan/assign/choose-owner";
import { skipReason } from "@/lib/engine/plan/assign/eligibility";
import { loadDirectory, loadLedger } from "@/lib/engine/store/directory";
import type { TMember } from "@/lib/engine/plan/types";
import { AppError } from "@/lib/server/errors";
import { loadMember, type TClient, type TTx } from "./store/owners";

/**
 * Who an exception can go to: the engine's directory (agents and managers
 * with their open-handoff load) and the engine's own eligibility test, so a
 * person is refused for the same reasons the router would pass them over.
 */

export type TCandidate = {
  id: string;
  name: string;
  teamId: string | null;
  openHandoffs: number;
  capacity: number;
  /** null when they can take work now; otherwise why not ("Ana is at capacity (25 of 25 open)"). */
  unavailable: string | null;
};

/** Candidate owners (most room first) and teams, for the reassign picker. */
export async function loadReassignOptions(client?: TClient, now = new Date()) {
  const directory = await loadDirectory(client);
  const candidates: TCandidate[] = directory.members
    .map((m) => ({
      id: m.id,
      name: m.name,
      teamId: m.teamId,
      openHandoffs: m.openHandoffs,
      capacity: m.capacity,
      unavailable: skipReason(m, now)?.detail ?? null,
    }))
    .sort(
      (a, b) =>
        Number(a.unavailable !== null) - Number(b.unavailable !== null) ||
        b.capacity - b.openHandoffs - (a.capacity - a.openHandoffs) ||
        a.name.localeCompare(b.name),
    );
  return { candidates, teams: directory.teams };
}

/** Throws UNPROCESSABLE when the person cannot take work now (inactive, away, at capacity). */
export async function assertEligible(client: TClient, userId: string, now: Date): Promise<TMember> {
  const m = await loadMember(client, userId);
  if (!m) {
    throw new AppError({ code: "UNPROCESSABLE", message: `No agent or manager with id ${userId}` });
  }
  const skip = skipReason(m, now);
  if (skip) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: `Cannot assign to ${skip.detail}.`,
      details: { ownerId: userId, reason: skip.reason },
    });
  }
  return m;
}

/**
 * The new owner for a reassignment: the named person (who must be eligible
 * and, with a team, in it), or round-robin among the team's eligible
 * members when only a team is given.
 */
export async function chooseReassignee(
  tx: TTx,
  target: { ownerId?: string; teamId?: string },
  now: Date,
): Promise<{ ownerId: string; teamId: string | null; explanation: string }> {
  if (target.ownerId) {
    const m = await assertEligible(tx, target.ownerId, now);
    if (target.teamId && m.teamId !== target.teamId) {
      throw new AppError({
        code: "UNPROCESSABLE",
        message: `${m.name} is not a member of that team.`,
      });
    }
    return {
      ownerId: m.id,
      teamId: target.teamId ?? m.teamId,
      explanation: `${m.name} (${m.openHandoffs} of ${m.capacity} open)`,
    };
  }
  const teamId = target.teamId ?? "";
  const [directory, ledger] = await Promise.all([loadDirectory(tx), loadLedger(tx)]);
  const pick = chooseOwner(
    { strategy: "round_robin", teamId, weights: {} },
    { directory, ledger, data: {}, now },
  );
  if (!pick.ok) {
    throw new AppError({ code: "UNPROCESSABLE", message: `Cannot reassign: ${pick.explanation}.` });
  }
  return { ownerId: pick.userId, teamId, explanation: pick.explanation };
}
