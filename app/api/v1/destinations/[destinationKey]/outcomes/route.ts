import { handleOutcomeCallback } from "@/lib/handoffs/mutations/outcome-callback";

// Public: the Standard Webhooks signature with the destination's signing
// secret is the authentication, so no withApi (session/token) here.
export async function POST(
  req: Request,
  ctx: { params: Promise<{ destinationKey: string }> },
): Promise<Response> {
  const { destinationKey } = await ctx.params;
  return handleOutcomeCallback(req, destinationKey);
}
