import { findSavedViews } from "@/lib/saved-views/data";
import { createSavedView } from "@/lib/saved-views/mutations";
import { ZCreateSavedView } from "@/lib/saved-views/schema";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

/** The caller's saved queue views and their team's shared ones. */
export const GET = withApi({ permission: "queue:view" }, ({ actor }) => findSavedViews(actor));

export const POST = withApi(
  { permission: "queue:view", body: ZCreateSavedView },
  async ({ actor, body, req, requestId }) =>
    Response.json(await createSavedView(actor, body, { requestId, ip: clientIp(req.headers) }), {
      status: 201,
    }),
);
