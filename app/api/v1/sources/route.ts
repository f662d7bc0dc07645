import { zSortQuery } from "@/lib/server/sort-query";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";
import { findSources } from "@/lib/sources/data";
import { createSource } from "@/lib/sources/mutations";
import { ZCreateSource, SOURCE_SORTS } from "@/lib/sources/schema";

export const GET = withApi(
  { permission: "sources:view", query: zSortQuery(SOURCE_SORTS) },
  async ({ query }) => ({ data: await findSources(query) }),
);

// 201 with the signing secret: the only answer that ever contains it.
export const POST = withApi(
  { permission: "sources:edit", body: ZCreateSource },
  async ({ req, actor, body, requestId }) =>
    Response.json(await createSource(actor, body, { requestId, ip: clientIp(req.headers) }), {
      status: 201,
    }),
);
