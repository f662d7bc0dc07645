import { zSortQuery } from "@/lib/server/sort-query";
import { withApi } from "@/lib/server/api";
import { findTeamSummaries } from "@/lib/teams/data";
import { createTeam } from "@/lib/teams/mutations";
import { ZCreateTeam, TEAM_SORTS } from "@/lib/teams/schema";

export const GET = withApi(
  { permission: "users:view", query: zSortQuery(TEAM_SORTS) },
  async ({ query }) => ({ data: await findTeamSummaries(query) }),
);

export const POST = withApi(
  { permission: "users:edit", body: ZCreateTeam },
  async ({ actor, body, requestId }) =>
    Response.json(await createTeam(actor, body, { requestId }), { status: 201 }),
);
