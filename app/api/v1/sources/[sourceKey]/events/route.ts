import { ingestHandler } from "@/lib/ingest/ingest-handler";

// Public: the source's verification preset is the authentication, so no
// withApi (session/token) here. All the work lives in lib/ingest so a bare
// Node server can serve the same path with the same code.
export async function POST(
  req: Request,
  ctx: { params: Promise<{ sourceKey: string }> },
): Promise<Response> {
  const { sourceKey } = await ctx.params;
  return ingestHandler(req, sourceKey);
}
