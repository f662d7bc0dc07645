import type { z } from "zod";
import { actOnException } from "@/lib/exceptions/mutations/act-on-exception";
import { ZExceptionAction } from "@/lib/exceptions/schema";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

/**
 * An operator action naming the version it saw: 200 with the new state,
 * 409 with the fresh state (`current`) when someone else acted first.
 */
export const POST = withApi<z.output<typeof ZExceptionAction>, undefined, { id: string }>(
  { permission: "exceptions:act", body: ZExceptionAction },
  ({ actor, body, params, req, requestId }) =>
    actOnException(actor, params.id, body, { requestId, ip: clientIp(req.headers) }),
);
