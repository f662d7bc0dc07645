import { env } from "@/lib/server/env";
import { blockedUrlHost, parseAllowList, type TAllowList } from "./outbound-guard";

let cached: { raw: string; list: TAllowList } | null = null;

/**
 * The operator's allow-list (BATON_OUTBOUND_ALLOW), parsed once per value.
 * Read at each use rather than at import so tests can switch it.
 */
export function outboundAllowList(): TAllowList {
  const raw = env.BATON_OUTBOUND_ALLOW ?? "";
  if (cached?.raw !== raw) cached = { raw, list: parseAllowList(raw) };
  return cached.list;
}

/**
 * The field error for a destination URL whose host is a refused IP literal
 * (or localhost), or null. Unparseable URLs are left to the URL check.
 */
export function outboundUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const blocked = blockedUrlHost(url, outboundAllowList());
  if (!blocked) return null;
  return (
    `Baton does not send to ${blocked.label} (${blocked.address}); ` +
    "an operator can allow it with BATON_OUTBOUND_ALLOW"
  );
}
