import { handleFormPost, handleFormPreflight } from "@/lib/ingest/forms/handle-form-post";
import { formEndpointInfo } from "@/lib/ingest/forms/pages";

// Public: a plain HTML form on the customer's own site posts here (no
// session, no CSRF token: the page is not ours). Its defences are the
// source's allowed origins, the spam checks and the rate limits, all in
// lib/ingest/forms. proxy.ts leaves this path alone (no console CSP).
export async function POST(req: Request, ctx: { params: Promise<{ sourceKey: string }> }) {
  const { sourceKey } = await ctx.params;
  return handleFormPost(req, sourceKey);
}

export async function OPTIONS(req: Request, ctx: { params: Promise<{ sourceKey: string }> }) {
  const { sourceKey } = await ctx.params;
  return handleFormPreflight(req, sourceKey);
}

/** Someone opening the address in a browser: say what it is for. */
export function GET() {
  return formEndpointInfo();
}
