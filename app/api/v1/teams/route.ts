import { withApi } from "@/lib/server/api";
import { findTeamSummaries } from "@/lib/teams/data";
import { createTeam } from "@/lib/teams/mutations";
import { ZCreateTeam } from "@/lib/teams/schema";

export const GET = withApi({ permission: "users:view" }, async () => ({
  data: await findTeamSummaries(),
}));

export const POST = withApi(
  { permission: "users:edit", body: ZCreateTeam },
  async ({ actor, body, requestId }) =>
    Response.json(await createTeam(actor, body, { requestId }), { status: 201 }),
);
