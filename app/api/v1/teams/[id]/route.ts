import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";
import { getTeamDetail } from "@/lib/teams/data";
import { updateTeam } from "@/lib/teams/mutations";
import { ZUpdateTeam } from "@/lib/teams/schema";

type TParams = { id: string };

export const GET = withApi<undefined, undefined, TParams>(
  { permission: "users:view" },
  async ({ params }) => {
    const team = await getTeamDetail(params.id);
    if (!team) throw new AppError({ code: "NOT_FOUND", message: "No such team" });
    return team;
  },
);

export const PATCH = withApi<typeof ZUpdateTeam._output, undefined, TParams>(
  { permission: "users:edit", body: ZUpdateTeam },
  ({ actor, body, params, requestId }) => updateTeam(actor, params.id, body, { requestId }),
);
