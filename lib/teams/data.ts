import "server-only";
import { roundRobin } from "@/lib/engine/plan/assign/round-robin";
import { loadDirectory, loadLedger } from "@/lib/engine/store/directory";
import { db } from "@/lib/server/db";
import { sortRows, type TDir } from "@/lib/server/search-params";
import { findOpenLoadByUser } from "@/lib/users/data";
import { TEAM_SORTS, type TTeamSort } from "./schema";

export async function findTeams() {
  return db.team.findMany({
    select: { id: true, name: true, _count: { select: { members: true } } },
    orderBy: { name: "asc" },
  });
}

export async function getTeamName(id: string) {
  const team = await db.team.findUnique({ where: { id }, select: { name: true } });
  return team?.name ?? null;
}

const memberSelect = {
  id: true,
  name: true,
  email: true,
  role: true,
  active: true,
  capacity: true,
  available: true,
  outOfOfficeFrom: true,
  outOfOfficeUntil: true,
} as const;

/**
 * Teams with their members' totals: how many members, how many could take work
 * (active and available), open handoffs against the summed capacity.
 */
export async function findTeamSummaries(opts: { sort?: TTeamSort | null; dir?: TDir | null } = {}) {
  const [teams, members] = await Promise.all([
    db.team.findMany({
      select: { id: true, name: true, createdAt: true },
      orderBy: { name: "asc" },
    }),
    db.user.findMany({
      where: { teamId: { not: null } },
      select: { ...memberSelect, teamId: true },
    }),
  ]);
  const load = await findOpenLoadByUser(members.map((m) => m.id));
  const rows = teams.map((t) => {
    const mine = members.filter((m) => m.teamId === t.id && m.active);
    return {
      ...t,
      members: mine.length,
      availableMembers: mine.filter((m) => m.available).length,
      load: mine.reduce((n, m) => n + (load.get(m.id) ?? 0), 0),
      capacity: mine.reduce((n, m) => n + m.capacity, 0),
    };
  });
  return sortRows(
    rows,
    {
      name: (r) => r.name,
      members: (r) => r.members,
      available: (r) => r.availableMembers,
      // Busiest first: open load against capacity.
      load: (r) => (r.capacity ? r.load / r.capacity : null),
    },
    TEAM_SORTS,
    opts.sort,
    opts.dir,
  );
}

export type TTeamSummary = Awaited<ReturnType<typeof findTeamSummaries>>[number];

/**
 * One team: its members with open load, its round-robin ledger (one row per
 * pool member, plus rows left by former members) and who the engine's
 * round-robin would pick next, computed by the engine's own function.
 */
export async function getTeamDetail(id: string, now = new Date()) {
  const team = await db.team.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      createdAt: true,
      members: { select: memberSelect, orderBy: [{ active: "desc" }, { name: "asc" }] },
      ledger: {
        select: {
          userId: true,
          assignedCount: true,
          adjustment: true,
          weight: true,
          lastAssignedAt: true,
          user: { select: { name: true, email: true, teamId: true, active: true } },
        },
      },
    },
  });
  if (!team) return null;
  const load = await findOpenLoadByUser(team.members.map((m) => m.id));
  const members = team.members.map((m) => ({ ...m, load: load.get(m.id) ?? 0 }));

  const rows = new Map(team.ledger.map((r) => [r.userId, r]));
  const ledger = [
    ...members
      .filter((m) => m.role === "AGENT" && m.active)
      .map((m) => {
        const r = rows.get(m.id);
        return {
          userId: m.id,
          name: m.name,
          email: m.email,
          member: true,
          assignedCount: r?.assignedCount ?? 0,
          adjustment: r?.adjustment ?? 0,
          weight: r?.weight ?? 1,
          lastAssignedAt: r?.lastAssignedAt ?? null,
        };
      }),
    ...team.ledger
      .filter((r) => !members.some((m) => m.id === r.userId && m.role === "AGENT" && m.active))
      .map((r) => ({
        userId: r.userId,
        name: r.user.name,
        email: r.user.email,
        member: false,
        assignedCount: r.assignedCount,
        adjustment: r.adjustment,
        weight: r.weight,
        lastAssignedAt: r.lastAssignedAt,
      })),
  ].map((r) => ({ ...r, effective: r.assignedCount + r.adjustment }));

  const [directory, fullLedger] = await Promise.all([loadDirectory(), loadLedger()]);
  const pick = roundRobin({ teamId: id }, { directory, ledger: fullLedger, data: {}, now });
  const skipped = pick.skipped.map((k) => ({
    userId: k.userId,
    reason: k.reason,
    detail: k.detail,
  }));
  const nextPick = pick.ok
    ? { userId: pick.userId, explanation: pick.explanation, skipped }
    : { userId: null, explanation: pick.explanation, skipped };

  return { id: team.id, name: team.name, createdAt: team.createdAt, members, ledger, nextPick };
}

export type TTeamDetail = NonNullable<Awaited<ReturnType<typeof getTeamDetail>>>;
