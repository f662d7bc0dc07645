import ipaddr from "ipaddr.js";

/**
 * Which addresses Baton may send outbound requests to (destinations, test
 * deliveries, the notification webhook). Pure: the allow-list is passed in,
 * so the creation-time check, the connection-time check and the tests share
 * one classification. Fail closed: only globally routable unicast passes;
 * everything else needs an operator's BATON_OUTBOUND_ALLOW entry.
 */

type TAddr = ipaddr.IPv4 | ipaddr.IPv6;

/** Parsed BATON_OUTBOUND_ALLOW: CIDRs (a bare IP is its own /32 or /128) and exact host names. */
export type TAllowList = { nets: [TAddr, number][]; hosts: Set<string> };

/** Why an address is refused, as a noun phrase: "a private address". */
export type TBlocked = { address: string; label: string };

/**
 * Instance metadata services: AWS, GCP, Azure, OpenStack, Oracle (169.254.169.254),
 * AWS over IPv6, Azure's wire server, Alibaba, Oracle's legacy address. Named
 * so the refusal says what it is, and because Azure's wire server sits in a
 * public range that the range checks alone would let through.
 */
const METADATA = [
  "169.254.169.254",
  "fd00:ec2::254",
  "168.63.129.16",
  "100.100.100.200",
  "192.0.0.192",
];
const METADATA_SET = new Set(METADATA.map((a) => ipaddr.parse(a).toNormalizedString()));

const LABELS: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT address",
  private: "a private address",
  uniqueLocal: "a unique-local address",
  teredo: "a Teredo tunnel address",
};
const label = (range: string) => LABELS[range] ?? "a reserved address";

/**
 * The IPv4 address an IPv6 one carries, when the network would deliver the
 * packet there: IPv4-mapped (::ffff:a.b.c.d) and IPv4-translated (RFC 6145),
 * NAT64 well-known prefix 64:ff9b::/96 and 6to4 2002:AABB:CCDD::/48.
 */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = ip.range();
  const p = ip.parts;
  if (range === "ipv4Mapped" || range === "rfc6145" || (range === "rfc6052" && p[2] === 0)) {
    return new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
  }
  if (range === "6to4") return new ipaddr.IPv4([p[1] >> 8, p[1] & 0xff, p[2] >> 8, p[2] & 0xff]);
  return null;
}

function parseIp(ip: string): TAddr | null {
  const bare = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  return ipaddr.isValid(bare) ? ipaddr.parse(bare) : null;
}

function classify(addr: TAddr): string | null {
  if (METADATA_SET.has(addr.toNormalizedString())) return "metadata";
  if (addr.kind() === "ipv4") return addr.range() === "unicast" ? null : addr.range();
  const v6 = addr as ipaddr.IPv6;
  const inner = embeddedIPv4(v6);
  if (inner) return classify(inner);
  if (v6.range() !== "unicast") return v6.range();
  // ::a.b.c.d (IPv4-compatible, deprecated) reads as "unicast" to ipaddr.js.
  return v6.parts.slice(0, 6).every((x) => x === 0) ? "reserved" : null;
}

function allowed(addr: TAddr, allow: TAllowList, metadata: boolean): boolean {
  const inner = addr.kind() === "ipv6" ? embeddedIPv4(addr as ipaddr.IPv6) : null;
  return allow.nets.some(([net, bits]) =>
    [addr, inner].some(
      (a) =>
        a !== null &&
        a.kind() === net.kind() &&
        // A broad CIDR (169.254.0.0/16) never unlocks a metadata service by accident.
        (!metadata || bits === (net.kind() === "ipv4" ? 32 : 128)) &&
        a.match(net, bits),
    ),
  );
}

/** Lower-cased, without the root dot: how host names are compared. */
export const normaliseHost = (host: string) => host.toLowerCase().replace(/\.$/, "");

/**
 * Why Baton refuses to connect to `ip` (a literal or a resolved address), or
 * null when it may. `host` is the name it was resolved from: an allow-listed
 * name admits whatever it resolves to.
 */
export function blockedAddress(ip: string, allow: TAllowList, host?: string): TBlocked | null {
  const addr = parseIp(ip);
  if (!addr) return { address: ip, label: "not an IP address" };
  if (host && allow.hosts.has(normaliseHost(host))) return null;
  const range = classify(addr);
  if (range === null) return null;
  if (allowed(addr, allow, range === "metadata")) return null;
  const shown = addr.kind() === "ipv6" ? addr.toString() : addr.toNormalizedString();
  return {
    address: shown,
    label: range === "metadata" ? "a cloud metadata address" : label(range),
  };
}

/** True for an IP literal as the WHATWG URL parser leaves it in `hostname` ("10.0.0.5", "[::1]"). */
export const isIpLiteral = (hostname: string) => parseIp(hostname) !== null;

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Parses BATON_OUTBOUND_ALLOW ("127.0.0.1/32,::1,10.0.0.0/8,internal.example").
 * Throws on an entry that is neither a CIDR, an IP nor a host name, so a typo
 * stops start-up instead of silently allowing nothing (or too much).
 */
export function parseAllowList(raw: string): TAllowList {
  const list: TAllowList = { nets: [], hosts: new Set() };
  for (const entry of raw
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    if (entry.includes("/")) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`"${entry}" is not a valid CIDR`);
      list.nets.push(ipaddr.parseCIDR(entry));
    } else if (ipaddr.IPv4.isValidFourPartDecimal(entry) || ipaddr.IPv6.isValid(entry)) {
      const addr = ipaddr.parse(entry);
      list.nets.push([addr, addr.kind() === "ipv4" ? 32 : 128]);
    } else if (HOST_NAME.test(normaliseHost(entry))) {
      list.hosts.add(normaliseHost(entry));
    } else {
      throw new Error(`"${entry}" is neither a CIDR, an IP address nor a host name`);
    }
  }
  return list;
}

/** The sentence an operator sees when a connection is refused. */
export function refusalMessage(b: TBlocked, resolved: boolean): string {
  const verb = resolved ? "resolves to" : "is";
  return `destination ${verb} ${b.label} ${b.address}; add it to BATON_OUTBOUND_ALLOW to allow it`;
}

/**
 * The creation-time check of a URL's host: an IP literal (already in dotted
 * form: the WHATWG parser turns 0x7f000001, 2130706433 and 0177.0.0.1 into
 * 127.0.0.1) or `localhost` (RFC 6761: always loopback). Other names are
 * checked when connecting, since what they resolve to can change.
 */
export function blockedUrlHost(url: URL, allow: TAllowList): TBlocked | null {
  const host = normaliseHost(url.hostname);
  if (host === "localhost" || host.endsWith(".localhost")) {
    return blockedAddress("127.0.0.1", allow, host);
  }
  return isIpLiteral(host) ? blockedAddress(host, allow) : null;
}

/** The transport error code of a request the guard refused before connecting. */
export const BLOCKED_ADDRESS = "blocked_address";

/** Thrown (as a fetch error's `cause`) when the guard refuses a connection. */
export class OutboundBlockedError extends Error {
  readonly code = BLOCKED_ADDRESS;
  constructor(
    readonly blocked: TBlocked,
    resolved: boolean,
  ) {
    super(refusalMessage(blocked, resolved));
    this.name = "OutboundBlockedError";
  }
}
