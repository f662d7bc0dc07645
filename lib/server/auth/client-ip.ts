import { env } from "../env";

/**
 * The client's IP. Next's server appends the socket address to
 * X-Forwarded-For, so without a trusted proxy the last entry is the one the
 * client cannot forge. Behind a proxy you run (TRUST_PROXY=1) the first entry
 * is the original client.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const raw =
    headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
  const parts = value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return "unknown";
  return (env.TRUST_PROXY ? parts[0] : parts[parts.length - 1]).slice(0, 64);
}
