import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "../db";
import { logger } from "../logger";
import { clientIp } from "./client-ip";
import { burnPasswordCheck, verifyPassword } from "./password";
import { getAuthSecret } from "./secret";
import { recordSignInFailure } from "./throttle";

const ZCredentials = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string };
  }
  interface User {
    sv: number;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
  }
}

/**
 * next-auth (v4) with email + password. The session cookie is a signed JWT
 * that only says who signed in (user id + session version); role and active
 * flag are read from the database on every request (see current-user.ts).
 */
export function getAuthOptions(): NextAuthOptions {
  return {
    secret: getAuthSecret(),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
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
          const user = await db.user.findUnique({ where: { email } });
          if (!user) {
            await burnPasswordCheck(password);
            await recordSignInFailure(email, ip, "unknown_account");
            return null;
          }
          if (!(await verifyPassword(user.passwordHash, password))) {
            await recordSignInFailure(email, ip, "bad_password");
            return null;
          }
          if (!user.active) {
            await recordSignInFailure(email, ip, "deactivated");
            return null;
          }
          await db.$transaction(async (tx) => {
            await tx.loginAttempt.create({ data: { email, ip, success: true } });
            await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
            await recordAudit(tx, {
              actor: { type: "USER", id: user.id, label: user.email },
              action: "user.signed_in",
              entityType: "user",
              entityId: user.id,
              ip,
            });
          });
          return { id: user.id, email: user.email, name: user.name, sv: user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = user.sv;
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          id: token.uid ?? "",
          email: token.email ?? "",
          name: token.name ?? "",
        };
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (!token?.uid) return;
        const user = await db.user.findUnique({
          where: { id: token.uid },
          select: { id: true, email: true },
        });
        if (!user) return;
        await db.$transaction((tx) =>
          recordAudit(tx, {
            actor: { type: "USER", id: user.id, label: user.email },
            action: "user.signed_out",
            entityType: "user",
            entityId: user.id,
          }),
        );
      },
    },
    logger: {
      error: (code, metadata) => logger.error({ code, metadata }, "next-auth error"),
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => {},
    },
  };
}
