import {
  anySecret,
  checkTimestamp,
  fail,
  hmac,
  ok,
  requireHeaders,
  requireSecrets,
  signatureMatches,
  signedUrl,
} from "./primitives";
import { ZPublicUrlConfig, type TPublicUrlConfig } from "./public-url";
import type { TPreset } from "./types";

/**
 * HubSpot v3 (developers.hubspot.com, "Validating requests", v3 signature):
 * `X-HubSpot-Signature-v3` is the base64 HMAC-SHA256, keyed with the app's
 * client secret, of `{method}{uri}{body}{X-HubSpot-Request-Timestamp}`, where
 * the timestamp is in milliseconds and `uri` is the full URL the request was
 * sent to with the URL-encoded characters of HubSpot's table decoded.
 * Requests whose timestamp is older than 5 minutes are refused. HubSpot sends
 * no delivery-id header (each event in the body carries its `eventId`).
 */

export const HUBSPOT_TOLERANCE_SEC = 5 * 60;
const SIGNATURE = "X-HubSpot-Signature-v3";
const TIMESTAMP = "X-HubSpot-Request-Timestamp";

/** HubSpot's table of the encoded characters to decode in the URI, and only those. */
const DECODE: Record<string, string> = {
  "%3A": ":",
  "%2F": "/",
  "%3F": "?",
  "%40": "@",
  "%21": "!",
  "%24": "$",
  "%27": "'",
  "%28": "(",
  "%29": ")",
  "%2A": "*",
  "%2C": ",",
  "%3B": ";",
};

/** The URI as HubSpot signs it: the table's escapes decoded, every other one left as sent. */
export function hubspotUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODE[m.toUpperCase()]);
}

export const hubspotV3: TPreset<TPublicUrlConfig> = {
  label: "HubSpot (signature v3)",
  issuesSecret: "provider",
  timestampToleranceSec: HUBSPOT_TOLERANCE_SEC,
  deliveryIdHeader: null,
  configSchema: ZPublicUrlConfig,
  verify(input, config) {
    const missing = requireHeaders(input.headers, [SIGNATURE, TIMESTAMP]);
    if (missing) return missing;
    const noSecret = requireSecrets(input);
    if (noSecret) return noSecret;
    const timestamp = (input.headers.get(TIMESTAMP) ?? "").trim();
    const stale = checkTimestamp(TIMESTAMP, timestamp, input.now, HUBSPOT_TOLERANCE_SEC, "ms");
    if (stale) return stale;
    const uri = hubspotUri(signedUrl(input.url, config.publicUrl));
    const content = `${input.method.toUpperCase()}${uri}${input.body}${timestamp}`;
    const sig = input.headers.get(SIGNATURE) ?? "";
    const matched = anySecret(input.secrets, (secret) =>
      signatureMatches(sig, hmac("sha256", secret, content), "base64"),
    );
    if (!matched) {
      return fail(
        "bad-signature",
        `${SIGNATURE} does not match the method, URL, body and ${TIMESTAMP} with this source's secret` +
          (config.publicUrl
            ? ""
            : " (if Baton is behind a proxy, set the public URL HubSpot calls)"),
      );
    }
    return ok(null);
  },
};
