import { requireDestination } from "@/lib/destinations/data";
import { rotateDestinationSecret } from "@/lib/destinations/mutations";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

// No body. Answers the new `whsec_…` secret, once.
export const POST = withApi<undefined, undefined, { destinationKey: string }>(
  { permission: "destinations:edit" },
  async ({ req, actor, params, requestId }) => {
    const destination = await requireDestination(params.destinationKey);
    return rotateDestinationSecret(actor, destination.id, { requestId, ip: clientIp(req.headers) });
  },
);
