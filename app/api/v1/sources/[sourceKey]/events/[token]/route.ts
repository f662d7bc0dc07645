import { ingestHandler } from "@/lib/ingest/ingest-handler";

// A URL-token source (verification "token", `in: "path"`): the token is the
// last path segment. Every other source answers 404 here. Public, like the
// events route: the token is the authentication.
export async function POST(
  req: Request,
  ctx: { params: Promise<{ sourceKey: string; token: string }> },
): Promise<Response> {
  const { sourceKey, token } = await ctx.params;
  return ingestHandler(req, sourceKey, token);
}
