import { requireDestination } from "@/lib/destinations/data";
import { sendTestDelivery } from "@/lib/destinations/mutations";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

// 200 whatever the destination answered (or did not): the outcome is the body.
export const POST = withApi<undefined, undefined, { destinationKey: string }>(
  { permission: "destinations:edit" },
  async ({ req, actor, params, requestId }) => {
    const destination = await requireDestination(params.destinationKey);
    return sendTestDelivery(actor, destination.id, { requestId, ip: clientIp(req.headers) });
  },
);
