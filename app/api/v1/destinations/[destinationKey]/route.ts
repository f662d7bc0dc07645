import { getDestinationDetail, requireDestination } from "@/lib/destinations/data";
import { updateDestination } from "@/lib/destinations/mutations";
import { ZUpdateDestination, type TUpdateDestination } from "@/lib/destinations/schema";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";
import { AppError } from "@/lib/server/errors";

type TParams = { destinationKey: string };

export const GET = withApi<undefined, undefined, TParams>(
  { permission: "destinations:view" },
  async ({ params }) => {
    const detail = await getDestinationDetail(params.destinationKey);
    if (!detail) throw new AppError({ code: "NOT_FOUND", message: "No such destination" });
    return detail;
  },
);

export const PATCH = withApi<TUpdateDestination, undefined, TParams>(
  { permission: "destinations:edit", body: ZUpdateDestination },
  async ({ req, actor, body, params, requestId }) => {
    const destination = await requireDestination(params.destinationKey);
    return updateDestination(actor, destination.id, body, { requestId, ip: clientIp(req.headers) });
  },
);
