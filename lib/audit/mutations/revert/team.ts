import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { applyTeamUpdate } from "@/lib/teams/mutations";
import { ZUpdateTeam } from "@/lib/teams/schema";
import { AppError } from "@/lib/server/errors";
import type { TRevertHandler } from "./types";

/** A team's name (the only setting a team has). */
export const teamRevert: TRevertHandler = {
  actions: ["team.updated", "team.reverted"],
  fields: ["name"],
  async read(tx, id) {
    return tx.team.findUnique({ where: { id }, select: { name: true } });
  },
  async apply({ tx, actor, entityId, audit }, values) {
    assertCan(actor, "users:edit", "change teams");
    const parsed = ZUpdateTeam.safeParse(values);
    if (!parsed.success) {
      throw new AppError({ code: "UNPROCESSABLE", message: "The earlier name is not valid" });
    }
    await applyTeamUpdate(tx, actor, entityId, parsed.data, audit);
  },
};
