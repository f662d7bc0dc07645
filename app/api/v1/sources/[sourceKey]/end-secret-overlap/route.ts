import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";
import { AppError } from "@/lib/server/errors";
import { getSourceByKey } from "@/lib/sources/data";
import { endSecretOverlap } from "@/lib/sources/mutations";

// No body: the previous secret stops verifying now. 409 when no overlap is running.
export const POST = withApi<undefined, undefined, { sourceKey: string }>(
  { permission: "sources:edit" },
  async ({ req, actor, params, requestId }) => {
    const source = await getSourceByKey(params.sourceKey);
    if (!source) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
    return endSecretOverlap(actor, source.id, { requestId, ip: clientIp(req.headers) });
  },
);
