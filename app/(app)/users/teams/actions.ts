"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/server/action";
import { adjustLedger, createTeam, updateTeam } from "@/lib/teams/mutations";
import { ZCreateTeam, ZLedgerAdjust, ZUpdateTeam } from "@/lib/teams/schema";

const ZTeamId = z.object({ teamId: z.string().min(1) });

export const createTeamAction = defineAction(
  { name: "teams.create", permission: "users:edit", input: ZCreateTeam },
  async ({ actor, input, requestId, ip }) => {
    const team = await createTeam(actor, input, { requestId, ip });
    revalidatePath("/users/teams");
    return { id: team.id };
  },
);

export const renameTeamAction = defineAction(
  { name: "teams.rename", permission: "users:edit", input: ZTeamId.extend(ZUpdateTeam.shape) },
  async ({ actor, input, requestId, ip }) => {
    const team = await updateTeam(actor, input.teamId, { name: input.name }, { requestId, ip });
    revalidatePath(`/users/teams/${team.id}`);
    return { id: team.id };
  },
);

export const adjustLedgerAction = defineAction(
  { name: "teams.adjustLedger", permission: "users:edit", input: ZTeamId.and(ZLedgerAdjust) },
  async ({ actor, input, requestId, ip }) => {
    const { teamId, ...adjust } = input;
    const row = await adjustLedger(actor, teamId, adjust, { requestId, ip });
    revalidatePath(`/users/teams/${teamId}`);
    return { effective: row.effective };
  },
);
