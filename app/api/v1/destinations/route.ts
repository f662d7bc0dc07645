import { zSortQuery } from "@/lib/server/sort-query";
import { ZCreateAnyDestination } from "@/lib/destinations/create-body";
import { findDestinations } from "@/lib/destinations/data";
import { createEmailDestination } from "@/lib/destinations/email/mutations";
import { createDestination } from "@/lib/destinations/mutations";
import { createRecordDestination } from "@/lib/destinations/record/mutations";
import { DESTINATION_SORTS } from "@/lib/destinations/schema";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

export const GET = withApi(
  { permission: "destinations:view", query: zSortQuery(DESTINATION_SORTS) },
  async ({ query }) => ({ data: await findDestinations(query) }),
);

/**
 * 201. A webhook's answer carries its signing secret (the only answer that
 * ever does); an email or record destination's never carries its password or
 * auth header.
 */
export const POST = withApi(
  { permission: "destinations:edit", body: ZCreateAnyDestination },
  async ({ req, actor, body, requestId }) => {
    const ctx = { requestId, ip: clientIp(req.headers) };
    let created: unknown;
    if (body.kind === "EMAIL") created = await createEmailDestination(actor, body, ctx);
    else if (body.kind === "RECORD") created = await createRecordDestination(actor, body, ctx);
    else {
      const { kind: _webhook, ...webhook } = body;
      created = await createDestination(actor, webhook, ctx);
    }
    return Response.json(created, { status: 201 });
  },
);
