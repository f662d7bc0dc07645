import { randomBytes } from "node:crypto";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";

export const uniq = (p = "t") => `${p}${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;

/** A user row plus the actor shape domain functions take. */
export async function makeUser(
  role: "ADMIN" | "MANAGER" | "AGENT" = "AGENT",
  extra: { teamId?: string | null } = {},
) {
  const email = `${uniq("u")}@test.example`;
  const user = await db.user.create({
    data: {
      email,
      name: email.split("@")[0],
      role,
      passwordHash: "x",
      teamId: extra.teamId ?? null,
    },
  });
  const actor: TActor = {
    id: user.id,
    email,
    name: user.name,
    role,
    teamId: user.teamId,
    active: true,
    via: "session",
  };
  return { user, actor };
}

export async function makeTeam() {
  return db.team.create({ data: { name: uniq("team") } });
}
