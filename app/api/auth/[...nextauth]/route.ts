import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/server/auth/options";
import { clientIp } from "@/lib/server/auth/client-ip";
import { checkSignInThrottle } from "@/lib/server/auth/throttle";

type TCtx = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, ctx: TCtx) {
  return NextAuth(getAuthOptions())(req, ctx);
}

export const GET = handler;

/**
 * Sign-in attempts are throttled here, before next-auth sees them, so a
 * throttled caller gets a real 429 (with Retry-After) and the password is not
 * even checked.
 */
export async function POST(req: Request, ctx: TCtx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    const form = await req
      .clone()
      .formData()
      .catch(() => null);
    const email = String(form?.get("email") ?? "").slice(0, 320);
    const verdict = await checkSignInThrottle(email, clientIp(req.headers));
    if (verdict.limited) {
      const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
      const message =
        verdict.scope === "account"
          ? `Too many failed sign-ins for this account. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`
          : `Too many failed sign-ins from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
      const url = new URL("/signin", req.url);
      url.searchParams.set("error", "TooManyAttempts");
      return Response.json(
        {
          error: "TooManyAttempts",
          message,
          retryAfterSeconds: verdict.retryAfterSeconds,
          url: url.toString(),
        },
        { status: 429, headers: { "Retry-After": String(verdict.retryAfterSeconds) } },
      );
    }
  }
  return handler(req, ctx);
}
