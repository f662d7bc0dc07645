import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/server/auth/options";
import { clientIp } from "@/lib/server/auth/client-ip";
import { readSignInBody } from "@/lib/server/auth/sign-in-body";
import { checkSignInThrottle } from "@/lib/server/auth/throttle";

type TCtx = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: TCtx) {
  const res = await NextAuth(getAuthOptions())(req, ctx);
  const { nextauth } = await ctx.params;
  return nextauth[0] === "session" ? withoutSessionIds(res) : res;
}

/**
 * The session callback adds the session's id and version for the server's
 * checks (current-user.ts); the browser has no use for them, so the JSON
 * next-auth answers at /api/auth/session goes out without them.
 */
async function withoutSessionIds(res: Response): Promise<Response> {
  if (!res.headers.get("content-type")?.includes("application/json")) return res;
  const body: unknown = await res.json();
  if (body && typeof body === "object") {
    delete (body as Record<string, unknown>).sid;
    delete (body as Record<string, unknown>).sv;
  }
  return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
}

export const GET = handler;

/**
 * Sign-in attempts are throttled here, before next-auth sees them, so a
 * throttled caller gets a real 429 (with Retry-After) and the password is not
 * even checked. The email is read the way next-auth reads it (bodies that
 * could be read two ways are refused); authorize() checks the throttle again
 * on the email it parsed.
 */
export async function POST(req: Request, ctx: TCtx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    const body = await readSignInBody(req);
    if (!body.ok) {
      return Response.json({ error: "BadRequest", message: body.message }, { status: body.status });
    }
    const verdict = await checkSignInThrottle(body.email, clientIp(req.headers));
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
