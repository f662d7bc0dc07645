import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/server/auth/options";
import { clientIp } from "@/lib/server/auth/client-ip";
import { getActorOfSession } from "@/lib/server/auth/current-user";
import { readAuthBody, readSignInEmail } from "@/lib/server/auth/sign-in-body";
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
  const body = (await res.json()) as Record<string, unknown> | null;
  const sid = typeof body?.sid === "string" ? body.sid : null;
  const uid = (body?.user as { id?: unknown } | undefined)?.id;
  // A cookie whose server-side session has ended is nobody's: answer as
  // next-auth does when signed out.
  const open = sid && typeof uid === "string" ? await getActorOfSession(sid, uid) : null;
  const current = open !== null && open.sessionVersion === body?.sv;
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  // No refreshed cookie for an ended session.
  if (!current) headers.delete("set-cookie");
  const out = current && body ? { ...body, sid: undefined, sv: undefined } : {};
  return new Response(JSON.stringify(out), { status: res.status, headers });
}

export const GET = handler;

/**
 * Every POST to next-auth is read here, once and bounded (readAuthBody), and
 * next-auth gets a copy of exactly that text. Sign-in attempts are throttled
 * here, before next-auth sees them, so a throttled caller gets a real 429
 * (with Retry-After) and the password is not even checked. The email is read
 * the way next-auth reads it (bodies that could be read two ways are refused);
 * authorize() checks the throttle again on the email it parsed. next-auth
 * routes on the first two path segments only, so that is what is matched.
 */
export async function POST(req: Request, ctx: TCtx) {
  const { nextauth } = await ctx.params;
  const read = await readAuthBody(req);
  if (!read.ok) {
    return Response.json({ error: "BadRequest", message: read.message }, { status: read.status });
  }
  if (nextauth[0] === "callback" && nextauth[1] === "credentials") {
    const body = readSignInEmail(req.headers.get("content-type"), read.text);
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
  const copy = new NextRequest(req.url, { method: "POST", headers: req.headers, body: read.text });
  return handler(copy, ctx);
}
