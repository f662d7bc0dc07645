import {
  anySecret,
  fail,
  hmac,
  ok,
  requireHeaders,
  requireSecrets,
  sha256,
  signatureMatches,
  signedUrl,
} from "./primitives";
import { ZPublicUrlConfig, type TPublicUrlConfig } from "./public-url";
import type { TPreset } from "./types";

/**
 * Twilio (twilio.com/docs/usage/webhooks/webhooks-security):
 * `X-Twilio-Signature` is the base64 HMAC-SHA1, keyed with the account's
 * Auth Token, of the full URL Twilio called (query included) followed, for a
 * form-encoded POST, by every parameter sorted by name with name and value
 * appended, no separators. A JSON body is not in the string: Twilio adds a
 * `bodySHA256` query parameter (hex SHA-256 of the body) to the URL it signs,
 * which is checked against the body. As Twilio's own helper does, the URL is
 * tried with and without the default port. `I-Twilio-Idempotency-Token` is
 * the delivery id, kept on Twilio's retries.
 */

const SIGNATURE = "X-Twilio-Signature";
const DELIVERY = "I-Twilio-Idempotency-Token";

/** Twilio's order: by name (case-sensitive code-unit order); a repeated name's distinct values sorted. */
function formString(body: string): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(body)) {
    const values = byName.get(name);
    if (values) values.push(value);
    else byName.set(name, [value]);
  }
  let out = "";
  for (const name of [...byName.keys()].sort()) {
    for (const value of [...new Set(byName.get(name))].sort()) out += name + value;
  }
  return out;
}

/** The URL as sent, normalised, with the default port, and without any port. */
function urlVariants(raw: string): string[] {
  const variants = new Set([raw]);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [...variants];
  }
  variants.add(url.toString());
  if (!url.port) {
    const port = url.protocol === "https:" ? "443" : "80";
    // URL drops a default port, so splice it in by hand, as Twilio's helper does.
    variants.add(`${url.protocol}//${url.host}:${port}${url.pathname}${url.search}`);
  } else {
    const noPort = new URL(raw);
    noPort.port = "";
    variants.add(noPort.toString());
  }
  return [...variants];
}

export const twilio: TPreset<TPublicUrlConfig> = {
  label: "Twilio",
  issuesSecret: "provider",
  timestampToleranceSec: null,
  deliveryIdHeader: DELIVERY,
  configSchema: ZPublicUrlConfig,
  verify(input, config) {
    const missing = requireHeaders(input.headers, [SIGNATURE]);
    if (missing) return missing;
    const noSecret = requireSecrets(input);
    if (noSecret) return noSecret;

    const url = signedUrl(input.url, config.publicUrl);
    let bodyHash: string | null = null;
    try {
      bodyHash = new URL(url).searchParams.get("bodySHA256");
    } catch {
      return fail("bad-config", "The request URL cannot be read");
    }
    let params = "";
    if (bodyHash !== null) {
      if (!signatureMatches(bodyHash, sha256(input.body), "hex")) {
        return fail("bad-signature", "The body does not match the bodySHA256 in the URL");
      }
    } else if (
      input.method.toUpperCase() === "POST" &&
      (input.headers.get("content-type") ?? "")
        .toLowerCase()
        .includes("application/x-www-form-urlencoded")
    ) {
      params = formString(input.body);
    }

    const sig = input.headers.get(SIGNATURE) ?? "";
    const candidates = urlVariants(url);
    const matched = anySecret(input.secrets, (secret) =>
      candidates.some((u) => signatureMatches(sig, hmac("sha1", secret, u + params), "base64")),
    );
    if (!matched) {
      return fail(
        "bad-signature",
        `${SIGNATURE} does not match the URL and parameters with this source's Auth Token` +
          (config.publicUrl
            ? ""
            : " (if Baton is behind a proxy, set the public URL Twilio calls)"),
      );
    }
    return ok(input.headers.get(DELIVERY)?.trim() ?? null);
  },
};
