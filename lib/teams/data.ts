import "server-only";
import { db } from "@/lib/server/db";

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
