import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";
import { AppError } from "@/lib/server/errors";
import { getSourceByKey } from "@/lib/sources/data";
import { rotateSourceSecret } from "@/lib/sources/mutations";
import { ZRotateSourceSecret, type TRotateSourceSecret } from "@/lib/sources/schema";

// Body: {"overlapMinutes": 60} (or {} for the default). Answers the new secret, once.
export const POST = withApi<TRotateSourceSecret, undefined, { sourceKey: string }>(
  { permission: "sources:edit", body: ZRotateSourceSecret },
  async ({ req, actor, body, params, requestId }) => {
    const source = await getSourceByKey(params.sourceKey);
    if (!source) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
    return rotateSourceSecret(actor, source.id, body, { requestId, ip: clientIp(req.headers) });
  },
);
