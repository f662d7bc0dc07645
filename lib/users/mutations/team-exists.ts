import "server-only";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";

/** A user's team must exist (field error on `teamId`); no team is fine. */
export async function assertTeamExists(client: TTx, teamId: string | null | undefined) {
  if (!teamId) return;
  const team = await client.team.findUnique({ where: { id: teamId }, select: { id: true } });
  if (!team) {
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: "Unknown team",
      details: { errors: { teamId: ["Unknown team"] } },
    });
  }
}
