import { requireDestination } from "@/lib/destinations/data";
import { resetDestinationCircuit } from "@/lib/destinations/mutations";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

// No body. Closes the circuit by hand; answers the destination.
export const POST = withApi<undefined, undefined, { destinationKey: string }>(
  { permission: "destinations:edit" },
  async ({ req, actor, params, requestId }) => {
    const destination = await requireDestination(params.destinationKey);
    return resetDestinationCircuit(actor, destination.id, { requestId, ip: clientIp(req.headers) });
  },
);
