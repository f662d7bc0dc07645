import { db } from "../db";
import { env } from "../env";
import { logger } from "../logger";

export type TThrottleVerdict =
  { limited: false } | { limited: true; scope: "account" | "ip"; retryAfterSeconds: number };

/**
 * Sign-in throttle: at most AUTH_THROTTLE_ACCOUNT_MAX failures per account and
 * AUTH_THROTTLE_IP_MAX per client IP within the window. An account's count
 * restarts after a successful sign-in. The IP limit is higher because many
 * people can share one address.
 */
export async function checkSignInThrottle(email: string, ip: string): Promise<TThrottleVerdict> {
  const windowMs = env.AUTH_THROTTLE_WINDOW_MINUTES * 60_000;
  const now = Date.now();
  const since = new Date(now - windowMs);
  const normalised = email.trim().toLowerCase().slice(0, 320);

  const lastSuccess = await db.loginAttempt.findFirst({
    where: { email: normalised, success: true, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const accountSince = lastSuccess?.createdAt ?? since;
  const [accountFailures, ipFailures] = await Promise.all([
    db.loginAttempt.findMany({
      where: { email: normalised, success: false, createdAt: { gt: accountSince } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
      take: env.AUTH_THROTTLE_ACCOUNT_MAX,
    }),
    db.loginAttempt.findMany({
      where: { ip, success: false, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
      take: env.AUTH_THROTTLE_IP_MAX,
    }),
  ]);
  const retryAfter = (oldest: Date) =>
    Math.max(1, Math.ceil((oldest.getTime() + windowMs - now) / 1000));
  if (accountFailures.length >= env.AUTH_THROTTLE_ACCOUNT_MAX) {
    return {
      limited: true,
      scope: "account",
      retryAfterSeconds: retryAfter(accountFailures[0].createdAt),
    };
  }
  if (ipFailures.length >= env.AUTH_THROTTLE_IP_MAX) {
    return { limited: true, scope: "ip", retryAfterSeconds: retryAfter(ipFailures[0].createdAt) };
  }
  return { limited: false };
}

/** Records a failed sign-in (and logs it); successful ones are recorded with the audit entry. */
export async function recordSignInFailure(email: string, ip: string, reason: string) {
  const normalised = email.trim().toLowerCase().slice(0, 320);
  logger.warn({ email: normalised, ip, reason }, "sign-in failed");
  await db.loginAttempt.create({ data: { email: normalised, ip, success: false, reason } });
  // Keep the table small without a scheduler: now and then drop day-old attempts.
  if (Math.random() < 0.02) {
    await db.loginAttempt.deleteMany({
      where: { createdAt: { lt: new Date(Date.now() - 86_400_000) } },
    });
  }
}
