import type { z } from "zod";
import { actOnHandoff } from "@/lib/handoffs/mutations/act-on-handoff";
import { ZHandoffAction } from "@/lib/handoffs/schema";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

/** accept | complete | hand_back | ask_manager, naming the version seen (409 when stale). */
export const POST = withApi<z.output<typeof ZHandoffAction>, undefined, { id: string }>(
  { permission: "handoffs:act", body: ZHandoffAction },
  ({ actor, body, params, req, requestId }) =>
    actOnHandoff(actor, params.id, body, { requestId, ip: clientIp(req.headers) }),
);
