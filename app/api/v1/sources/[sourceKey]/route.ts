import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";
import { AppError } from "@/lib/server/errors";
import { getSourceByKey, getSourceDetail } from "@/lib/sources/data";
import { updateSource } from "@/lib/sources/mutations";
import { ZUpdateSource, type TUpdateSource } from "@/lib/sources/schema";

type TParams = { sourceKey: string };
const notFound = () => new AppError({ code: "NOT_FOUND", message: "No such source" });

export const GET = withApi<undefined, undefined, TParams>(
  { permission: "sources:view" },
  async ({ params }) => {
    const detail = await getSourceDetail(params.sourceKey);
    if (!detail) throw notFound();
    return detail;
  },
);

// Any subset of the settings; answers the source as saved and which fields changed.
export const PATCH = withApi<TUpdateSource, undefined, TParams>(
  { permission: "sources:edit", body: ZUpdateSource },
  async ({ req, actor, body, params, requestId }) => {
    const source = await getSourceByKey(params.sourceKey);
    if (!source) throw notFound();
    return updateSource(actor, source.id, body, { requestId, ip: clientIp(req.headers) });
  },
);
