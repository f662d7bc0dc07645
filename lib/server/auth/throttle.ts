import ipaddr from "ipaddr.js";
import { db } from "../db";
import { env } from "../env";
import { logger } from "../logger";

export type TThrottleVerdict =
  { limited: false } | { limited: true; scope: "account" | "ip"; retryAfterSeconds: number };

const normaliseEmail = (email: string) => email.trim().toLowerCase().slice(0, 320);

/**
 * The address a throttle counts by. One IPv6 client usually holds a whole /64
 * (and can pick any address in it), so IPv6 is counted per /64; IPv4 (and
 * IPv4-mapped IPv6) per address.
 */
export function throttleIpKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip.slice(0, 64);
  const addr = ipaddr.process(ip);
  if (addr.kind() === "ipv4") return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(":")}::/64`;
}

/**
 * Sign-in throttle: at most AUTH_THROTTLE_ACCOUNT_MAX failures per account and
 * AUTH_THROTTLE_IP_MAX per client IP (IPv6: per /64) within the window. An
 * account's count restarts after a successful sign-in. The IP limit is higher
 * because many people can share one address. `ownAttempt`: the caller has
 * already recorded this attempt (beginSignInAttempt), so it is among the
 * counted rows and the limit is one higher.
 */
export async function checkSignInThrottle(
  email: string,
  ip: string,
  opts: { ownAttempt?: boolean } = {},
): Promise<TThrottleVerdict> {
  const windowMs = env.AUTH_THROTTLE_WINDOW_MINUTES * 60_000;
  const now = Date.now();
  const since = new Date(now - windowMs);
  const normalised = normaliseEmail(email);
  const ipKey = throttleIpKey(ip);
  const own = opts.ownAttempt ? 1 : 0;
  const accountMax = env.AUTH_THROTTLE_ACCOUNT_MAX + own;
  const ipMax = env.AUTH_THROTTLE_IP_MAX + own;

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
      take: accountMax,
    }),
    db.loginAttempt.findMany({
      where: { ip: ipKey, success: false, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
      take: ipMax,
    }),
  ]);
  const retryAfter = (oldest: Date) =>
    Math.max(1, Math.ceil((oldest.getTime() + windowMs - now) / 1000));
  if (accountFailures.length >= accountMax) {
    return {
      limited: true,
      scope: "account",
      retryAfterSeconds: retryAfter(accountFailures[0].createdAt),
    };
  }
  if (ipFailures.length >= ipMax) {
    return { limited: true, scope: "ip", retryAfterSeconds: retryAfter(ipFailures[0].createdAt) };
  }
  return { limited: false };
}

/** Records a failed sign-in (and logs it); successful ones are recorded with the audit entry. */
export async function recordSignInFailure(email: string, ip: string, reason: string) {
  const normalised = normaliseEmail(email);
  logger.warn({ email: normalised, ip, reason }, "sign-in failed");
  await db.loginAttempt.create({
    data: { email: normalised, ip: throttleIpKey(ip), success: false, reason },
  });
  await pruneOldAttempts();
}

/**
 * Records a sign-in attempt as a failure before its password is checked, so
 * that attempts running at the same time count each other: checking first
 * and recording after the (slow, by design) password hash let N parallel
 * guesses all pass a limit that had room for one. The caller then checks the
 * throttle with `ownAttempt`, and settles the row with finishSignInAttempt.
 */
export async function beginSignInAttempt(email: string, ip: string): Promise<string> {
  const row = await db.loginAttempt.create({
    data: {
      email: normaliseEmail(email),
      ip: throttleIpKey(ip),
      success: false,
      reason: "pending",
    },
    select: { id: true },
  });
  return row.id;
}

/**
 * Settles an attempt begun with beginSignInAttempt: a failure keeps counting
 * (with its reason), a throttled attempt is dropped (refusing it checked no
 * password, so it must not extend the lock), a success is written by the
 * sign-in transaction itself (markSignInSucceeded).
 */
export async function finishSignInAttempt(
  id: string,
  outcome: { failed: string } | "throttled",
  log: { email: string; ip: string },
) {
  if (outcome === "throttled") {
    await db.loginAttempt.deleteMany({ where: { id } });
    return;
  }
  logger.warn(
    { email: normaliseEmail(log.email), ip: log.ip, reason: outcome.failed },
    "sign-in failed",
  );
  await db.loginAttempt.update({ where: { id }, data: { reason: outcome.failed } });
  await pruneOldAttempts();
}

// Keep the table small without a scheduler: now and then drop day-old attempts.
async function pruneOldAttempts() {
  if (Math.random() < 0.02) {
    await db.loginAttempt.deleteMany({
      where: { createdAt: { lt: new Date(Date.now() - 86_400_000) } },
    });
  }
}
