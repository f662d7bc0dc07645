import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { Agent, buildConnector, fetch, type Dispatcher, type Response } from "undici";
import {
  blockedAddress,
  OutboundBlockedError,
  type TAllowList,
  type TBlocked,
} from "./outbound-guard";
import { outboundAllowList } from "./outbound-policy";

/** Resolves a host name to every address it has, as dns.lookup({ all: true }) does. */
export type TResolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolve: TResolve = (hostname) => lookup(hostname, { all: true });

/**
 * An undici Agent whose connector resolves the name itself, checks every
 * address against the guard and connects to the checked address only, so a
 * name that resolves to a public address at creation and to 10.0.0.5 at send
 * time (DNS rebinding) is refused. Literal IPs are checked too: Node does not
 * call a custom `lookup` for them. TLS keeps the name for SNI and the
 * certificate check; the Host header comes from the URL as before.
 */
export function createOutboundAgent(
  opts: {
    resolve?: TResolve;
    allowList?: () => TAllowList;
    /** Tests pass a tripwire here, so a guard bug cannot send a packet anywhere. */
    connect?: buildConnector.connector;
  } = {},
): Agent {
  const resolve = opts.resolve ?? systemResolve;
  const allowList = opts.allowList ?? outboundAllowList;
  const connect = opts.connect ?? buildConnector({});
  return new Agent({
    connect: (options, callback) => {
      const { hostname } = options;
      void checkedAddress(hostname, resolve, allowList()).then(
        (address) =>
          connect(
            {
              ...options,
              hostname: address,
              servername: options.servername ?? (isIP(hostname) ? undefined : hostname),
            },
            callback,
          ),
        (err: Error) => callback(err, null),
      );
    },
  });
}

async function checkedAddress(
  hostname: string,
  resolve: TResolve,
  allow: TAllowList,
): Promise<string> {
  if (isIP(hostname)) {
    const blocked = blockedAddress(hostname, allow);
    if (blocked) throw new OutboundBlockedError(blocked, false);
    return hostname;
  }
  const addresses = await resolve(hostname);
  if (addresses.length === 0) {
    throw Object.assign(new Error(`${hostname} does not resolve`), { code: "ENOTFOUND" });
  }
  // Every address, not just the one used: a name listing one public and one
  // private address is refused rather than connected to whichever comes first.
  for (const { address } of addresses) {
    const blocked: TBlocked | null = blockedAddress(address, allow, hostname);
    if (blocked) throw new OutboundBlockedError(blocked, true);
  }
  return addresses[0].address;
}

let shared: Agent | null = null;

/** The process's outbound agent (pooled connections), created on first use. */
const sharedAgent = () => (shared ??= createOutboundAgent());

/**
 * The one way Baton sends a request outside itself: undici's fetch through
 * the guarded agent, redirects never followed (a 3xx is the answer; following
 * it would let a public URL bounce the request inside), bounded by a timeout.
 */
export function outboundFetch(
  url: string | URL,
  init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number },
  dispatcher: Dispatcher = sharedAgent(),
): Promise<Response> {
  return fetch(url, {
    method: init.method,
    headers: init.headers,
    body: init.body,
    redirect: "manual",
    signal: AbortSignal.timeout(init.timeoutMs),
    dispatcher,
  });
}

/**
 * A failed request as a short code ("timeout", ECONNREFUSED, ENOTFOUND,
 * blocked_address, "network"…) and, for a guard refusal, the sentence that
 * says what to allow.
 */
export function outboundError(e: unknown): { code: string; message: string | null } {
  const err = e as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError")
    return { code: "timeout", message: null };
  if (err.cause?.name === "TimeoutError") return { code: "timeout", message: null };
  const cause = err.cause ?? err;
  if (cause instanceof OutboundBlockedError) return { code: cause.code, message: cause.message };
  return { code: err.cause?.code ?? err.code ?? "network", message: null };
}

/**
 * The address to connect to for a non-HTTP protocol (SMTP): the host name
 * resolved now and every address checked against the same guard and
 * allow-list as fetch, so a name cannot rebind to an internal service.
 * Throws OutboundBlockedError or an ENOTFOUND error.
 */
export function guardedAddress(hostname: string): Promise<string> {
  return checkedAddress(hostname, systemResolve, outboundAllowList());
}
