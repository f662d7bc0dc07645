import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import { env } from "../env";
import { logger } from "../logger";

/**
 * The request header that carries the client IP from server.ts to the code
 * behind Next. server.ts drops any copy the client sent and sets it itself,
 * so route handlers (which never see the socket) can trust it.
 */
export const CLIENT_IP_HEADER = "x-baton-client-ip";

type THeaders = Headers | Record<string, string | string[] | undefined>;

function header(headers: THeaders, name: string): string {
  const raw = headers instanceof Headers ? headers.get(name) : headers[name];
  return Array.isArray(raw) ? raw.join(",") : (raw ?? "");
}

/** IPv4-mapped IPv6 (`::ffff:10.0.0.1`) as plain IPv4, so one client has one throttle key. */
function normalise(ip: string | undefined): string | null {
  if (!ip || !ipaddr.isValid(ip)) return null;
  return ipaddr.process(ip).toString();
}

/**
 * The client address of a request on the raw Node server. Without a trusted
 * proxy it is the socket's peer: nothing the client sends can change it.
 * Behind one proxy you run (TRUST_PROXY=1) it is the last X-Forwarded-For
 * entry, the one that proxy appended from its own socket; entries before it
 * are whatever the client claimed, so they are never used.
 */
export function socketClientIp(req: IncomingMessage, trustProxy = env.TRUST_PROXY): string {
  const peer = normalise(req.socket.remoteAddress) ?? "unknown";
  if (!trustProxy) return peer;
  const hops = header(req.headers, "x-forwarded-for")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  return normalise(hops.at(-1)) ?? peer;
}

/** server.ts, before any routing: replace whatever the client sent with the real address. */
export function stampClientIp(req: IncomingMessage, trustProxy = env.TRUST_PROXY): void {
  delete req.headers[CLIENT_IP_HEADER];
  req.headers[CLIENT_IP_HEADER] = socketClientIp(req, trustProxy);
}

let warned = false;

/**
 * The client's IP for throttling and audit rows, as server.ts stamped it.
 * Served any other way (`next start`) that header is the client's own text, so
 * it is ignored: behind a trusted proxy the last X-Forwarded-For entry is used,
 * otherwise every caller is "unknown" (fail closed: the per-IP sign-in limit
 * then covers everyone together; the per-account limit still holds).
 */
export function clientIp(headers: THeaders): string {
  if (!env.BATON_STAMPS_CLIENT_IP) {
    // A proxy you run always sets X-Forwarded-For, so its last entry is still its own.
    if (env.TRUST_PROXY) {
      const last = header(headers, "x-forwarded-for").split(",").at(-1)?.trim();
      return normalise(last) ?? "unknown";
    }
    if (!warned) {
      warned = true;
      logger.warn("not served by server.ts (npm start): client IPs are recorded as unknown");
    }
    return "unknown";
  }
  return normalise(header(headers, CLIENT_IP_HEADER)) ?? "unknown";
}
