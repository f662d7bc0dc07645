import { ZFormConfig, type TFormConfig } from "@/lib/ingest/forms/config";
import { readFormConfig } from "@/lib/ingest/forms/data";
import { updateFormConfig } from "@/lib/ingest/forms/mutations";
import { formActionUrl } from "@/lib/ingest/forms/snippet";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";
import { env } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { getSourceByKey } from "@/lib/sources/data";

type TParams = { sourceKey: string };

async function requireSource(key: string) {
  const source = await getSourceByKey(key);
  if (!source) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
  return source;
}

/** Where a form posts: under BATON_PUBLIC_URL when set, else this request's origin. */
const actionUrl = (req: Request, key: string) =>
  formActionUrl(env.BATON_PUBLIC_URL ?? new URL(req.url).origin, key);

// The source's website-form settings and the address a form posts to.
export const GET = withApi<undefined, undefined, TParams>(
  { permission: "sources:view" },
  async ({ req, params }) => {
    const source = await requireSource(params.sourceKey);
    const config = (await readFormConfig(source.id))!;
    return { sourceKey: source.key, actionUrl: actionUrl(req, source.key), config };
  },
);

// Replaces them (validated in the domain: an enabled form must list its origins).
export const PUT = withApi<TFormConfig, undefined, TParams>(
  { permission: "sources:edit", body: ZFormConfig, maxBodyBytes: 65_536 },
  async ({ req, actor, body, params, requestId }) => {
    const source = await requireSource(params.sourceKey);
    const saved = await updateFormConfig(actor, source.id, body, {
      requestId,
      ip: clientIp(req.headers),
    });
    return { sourceKey: source.key, actionUrl: actionUrl(req, source.key), config: saved.config };
  },
);
