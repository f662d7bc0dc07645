import { createHash, timingSafeEqual } from "node:crypto";
import { can, type TActorLike } from "@/lib/server/auth/permissions";

export type TMetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Who may scrape `GET /metrics`:
 * - with METRICS_TOKEN configured, exactly `Authorization: Bearer <METRICS_TOKEN>`
 *   (what a Prometheus `authorization` scrape config sends); nothing else;
 * - without it, a signed-in admin or an admin's API token. Anonymous callers
 *   are refused: the counts name sources, destinations and traffic levels.
 * Tokens are compared as SHA-256 digests in constant time.
 */
export async function checkMetricsAccess(opts: {
  configuredToken: string | undefined;
  authorization: string | null;
  resolveCaller: () => Promise<TActorLike | null>;
}): Promise<TMetricsAccess> {
  if (opts.configuredToken) {
    const m = /^Bearer\s+(\S+)$/i.exec(opts.authorization?.trim() ?? "");
    if (m && timingSafeEqual(digest(m[1]), digest(opts.configuredToken))) return { ok: true };
    return { ok: false, status: 401, message: "Send Authorization: Bearer <METRICS_TOKEN>" };
  }
  const caller = await opts.resolveCaller();
  if (!caller) {
    return { ok: false, status: 401, message: "Sign in as an admin, or send an admin's API token" };
  }
  if (!can(caller, "metrics:view")) {
    return { ok: false, status: 403, message: "Only admins may read metrics" };
  }
  return { ok: true };
}
