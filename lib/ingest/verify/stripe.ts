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
 * Stripe (docs.stripe.com/webhooks, "Verify signatures manually"):
 * `Stripe-Signature: t=<unix s>,v1=<hex>[,v1=<hex>…][,v0=…]`, the hex
 * HMAC-SHA256 of `{t}.{body}` keyed with the endpoint secret as it is shown
 * (`whsec_…`, used as text). Only `v1` counts (other schemes are ignored
 * against downgrade); several `v1` appear while a secret rolls. Default
 * tolerance of Stripe's libraries: 300 s. Stripe sends no delivery-id header
 * (the event id is in the body), so the body hash is the idempotency key.
 */

export const STRIPE_TOLERANCE_SEC = 300;
const HEADER = "Stripe-Signature";

export const stripe: TPreset<Record<string, never>> = {
  label: "Stripe",
  issuesSecret: "provider",
  timestampToleranceSec: STRIPE_TOLERANCE_SEC,
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
    const stale = checkTimestamp(`${HEADER} t=`, t, input.now, STRIPE_TOLERANCE_SEC);
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
        `No ${HEADER} v1 signature matches the body and t= with this source's secret`,
      );
    }
    return ok(null);
  },
};
