import { z } from "zod";
import {
  anySecret,
  checkTimestamp,
  fail,
  hmac,
  ok,
  parsePairs,
  requireHeaders,
  requireSecrets,
  signatureMatches,
} from "./primitives";
import type { TPreset } from "./types";

/**
 * Calendly (developer.calendly.com, "Webhook Signatures"):
 * `Calendly-Webhook-Signature: t=<unix s>,v1=<hex>`, the hex HMAC-SHA256 of
 * `{t}.{body}` keyed with the webhook signing key. Calendly's replay check
 * uses a three-minute tolerance. No delivery-id header.
 */

export const CALENDLY_TOLERANCE_SEC = 3 * 60;
const HEADER = "Calendly-Webhook-Signature";

export const calendly: TPreset<Record<string, never>> = {
  label: "Calendly",
  issuesSecret: "user",
  timestampToleranceSec: CALENDLY_TOLERANCE_SEC,
  deliveryIdHeader: null,
  configSchema: z.object({}),
  verify(input) {
    const missing = requireHeaders(input.headers, [HEADER]);
    if (missing) return missing;
    const noSecret = requireSecrets(input);
    if (noSecret) return noSecret;
    const pairs = parsePairs(input.headers.get(HEADER) ?? "");
    const t = pairs.find((p) => p.key === "t")?.value;
    if (!t) return fail("missing-header", `${HEADER} carries no t= timestamp`);
    const stale = checkTimestamp(`${HEADER} t=`, t, input.now, CALENDLY_TOLERANCE_SEC);
    if (stale) return stale;
    const v1 = pairs.filter((p) => p.key === "v1").map((p) => p.value);
    if (v1.length === 0) return fail("bad-signature", `${HEADER} carries no v1= signature`);
    const content = `${t}.${input.body}`;
    const matched = anySecret(input.secrets, (secret) => {
      const expected = hmac("sha256", secret, content);
      return v1.some((sig) => signatureMatches(sig, expected, "hex"));
    });
    if (!matched) {
      return fail(
        "bad-signature",
        `${HEADER} v1 does not match the body and t= with this source's key`,
      );
    }
    return ok(null);
  },
};
