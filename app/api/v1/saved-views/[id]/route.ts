import { deleteSavedView } from "@/lib/saved-views/mutations";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

export const DELETE = withApi<undefined, undefined, { id: string }>(
  { permission: "queue:view" },
  ({ actor, params, req, requestId }) =>
    deleteSavedView(actor, params.id, { requestId, ip: clientIp(req.headers) }),
);
