import { z } from "zod";
import {
  anySecret,
  fail,
  hmac,
  ok,
  requireHeaders,
  requireSecrets,
  signatureMatches,
} from "./primitives";
import type { TPreset } from "./types";

/**
 * Typeform (typeform.com/developers/webhooks/secure-your-webhooks):
 * `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body>`, keyed
 * with the secret typed into the webhook's settings. No signed timestamp and
 * no delivery-id header (the body's `event_id` is hashed with the body).
 */

const HEADER = "Typeform-Signature";

export const typeform: TPreset<Record<string, never>> = {
  label: "Typeform",
  issuesSecret: "user",
  timestampToleranceSec: null,
  deliveryIdHeader: null,
  configSchema: z.object({}),
  verify(input) {
    const missing = requireHeaders(input.headers, [HEADER]);
    if (missing) return missing;
    const noSecret = requireSecrets(input);
    if (noSecret) return noSecret;
    const value = (input.headers.get(HEADER) ?? "").trim();
    if (!value.startsWith("sha256="))
      return fail("bad-signature", `${HEADER} must start with sha256=`);
    const sig = value.slice("sha256=".length);
    const matched = anySecret(input.secrets, (secret) =>
      signatureMatches(sig, hmac("sha256", secret, input.body), "base64"),
    );
    if (!matched)
      return fail("bad-signature", `${HEADER} does not match the body with this source's secret`);
    return ok(null);
  },
};
