import { zSortQuery } from "@/lib/server/sort-query";
import { findDestinations } from "@/lib/destinations/data";
import { createDestination } from "@/lib/destinations/mutations";
import { ZCreateDestination, DESTINATION_SORTS } from "@/lib/destinations/schema";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

export const GET = withApi(
  { permission: "destinations:view", query: zSortQuery(DESTINATION_SORTS) },
  async ({ query }) => ({ data: await findDestinations(query) }),
);

// 201 with the signing secret: the only answer that ever contains it.
export const POST = withApi(
  { permission: "destinations:edit", body: ZCreateDestination },
  async ({ req, actor, body, requestId }) =>
    Response.json(await createDestination(actor, body, { requestId, ip: clientIp(req.headers) }), {
      status: 201,
    }),
);
