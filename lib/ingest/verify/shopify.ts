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
 * Shopify (shopify.dev/docs/apps/build/webhooks/verify-deliveries):
 * `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw body keyed
 * with the app's client secret; `X-Shopify-Webhook-Id` identifies the
 * delivery for duplicate detection. No signed timestamp.
 */

const HEADER = "X-Shopify-Hmac-Sha256";
const DELIVERY = "X-Shopify-Webhook-Id";

export const shopify: TPreset<Record<string, never>> = {
  label: "Shopify",
  issuesSecret: "provider",
  timestampToleranceSec: null,
  deliveryIdHeader: DELIVERY,
  configSchema: z.object({}),
  verify(input) {
    const missing = requireHeaders(input.headers, [HEADER]);
    if (missing) return missing;
    const noSecret = requireSecrets(input);
    if (noSecret) return noSecret;
    const sig = input.headers.get(HEADER) ?? "";
    const matched = anySecret(input.secrets, (secret) =>
      signatureMatches(sig, hmac("sha256", secret, input.body), "base64"),
    );
    if (!matched)
      return fail("bad-signature", `${HEADER} does not match the body with this source's secret`);
    return ok(input.headers.get(DELIVERY)?.trim() ?? null);
  },
};
