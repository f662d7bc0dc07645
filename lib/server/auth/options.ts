import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { recordAudit } from "@/lib/server/audit/record";
import { db } from "../db";
import { logger } from "../logger";
import { clientIp } from "./client-ip";
import { burnPasswordCheck, verifyPassword } from "./password";
import { sameOriginPath } from "./same-origin-path";
import { getAuthSecret } from "./secret";
import { createUserSession, endUserSession, SESSION_MAX_AGE_SECONDS } from "./sessions";
import {
  beginSignInAttempt,
  checkSignInThrottle,
  finishSignInAttempt,
  recordSignInFailure,
} from "./throttle";

const ZCredentials = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string };
    /** Server-side only: the /api/auth/session route strips both before answering. */
    sid?: string;
    sv?: number;
  }
  interface User {
    sv: number;
    sid: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    sid?: string;
  }
}

/**
 * next-auth (v4) with email + password. The session cookie is a signed JWT
 * that only says who signed in (user id, session version, and `sid`, the
 * UserSession row it belongs to); the row, role and active flag are read from
 * the database on every request (see current-user.ts), so sign-out, deactivation
 * and a password change end the session on the server.
 */
export function getAuthOptions(): NextAuthOptions {
  return {
    secret: getAuthSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const ip = clientIp(req.headers ?? {});
          const parsed = ZCredentials.safeParse(credentials);
          if (!parsed.success) {
            await recordSignInFailure(String(credentials?.email ?? ""), ip, "malformed");
            return null;
          }
          const { email, password } = parsed.data;
          // The route throttles too, before next-auth parses the body; checking
          // again here, on the very email this function checks, means no body
          // format or field trick can reach the password check of a locked account.
          // The attempt is recorded first, so parallel attempts count each other.
          const attempt = await beginSignInAttempt(email, ip);
          if ((await checkSignInThrottle(email, ip, { ownAttempt: true })).limited) {
            await finishSignInAttempt(attempt, "throttled", { email, ip });
            throw new Error("TooManyAttempts");
          }
          const fail = async (reason: string) => {
            await finishSignInAttempt(attempt, { failed: reason }, { email, ip });
            return null;
          };
          const user = await db.user.findUnique({ where: { email } });
          if (!user) {
            await burnPasswordCheck(password);
            return fail("unknown_account");
          }
          if (!(await verifyPassword(user.passwordHash, password))) return fail("bad_password");
          if (!user.active) return fail("deactivated");
          const userAgent = String(req.headers?.["user-agent"] ?? "");
          const sid = await db.$transaction(async (tx) => {
            await tx.loginAttempt.update({
              where: { id: attempt },
              data: { success: true, reason: null },
            });
            await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
            await recordAudit(tx, {
              actor: { type: "USER", id: user.id, label: user.email },
              action: "user.signed_in",
              entityType: "user",
              entityId: user.id,
              ip,
            });
            return createUserSession(tx, { userId: user.id, ip, userAgent });
          });
          return { id: user.id, email: user.email, name: user.name, sv: user.sessionVersion, sid };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = user.sv;
          token.sid = user.sid;
        }
        return token;
      },
      // getServerSession hands back only what this returns, from the token it
      // decoded (every cookie form, chunked or not): sid and sv come from that
      // same token, never from a second read of the cookies.
      session({ session, token }) {
        session.user = {
          id: token.uid ?? "",
          email: token.email ?? "",
          name: token.name ?? "",
        };
        session.sid = token.sid;
        session.sv = token.sv;
        return session;
      },
      redirect({ url, baseUrl }) {
        const path = sameOriginPath(url, baseUrl);
        return path ? new URL(path, baseUrl).href : baseUrl;
      },
    },
    events: {
      // Ends this session's row, so a copy of the cookie is refused from now on.
      async signOut({ token }) {
        const { uid, sid } = token ?? {};
        if (!uid || !sid) return;
        await db.$transaction(async (tx) => {
          if (!(await endUserSession(tx, sid, uid, "signed_out"))) return;
          const user = await tx.user.findUnique({
            where: { id: uid },
            select: { id: true, email: true },
          });
          if (!user) return;
          await recordAudit(tx, {
            actor: { type: "USER", id: user.id, label: user.email },
            action: "user.signed_out",
            entityType: "user",
            entityId: user.id,
          });
        });
      },
    },
    logger: {
      error: (code, metadata) => logger.error({ code, metadata }, "next-auth error"),
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => {},
    },
  };
}
