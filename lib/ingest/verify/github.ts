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
 * GitHub (docs.github.com, "Validating webhook deliveries"):
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`, keyed with the
 * webhook's secret; `X-GitHub-Delivery` is the delivery's GUID (kept on a
 * redelivery, so a replay is answered as a duplicate). GitHub signs no
 * timestamp. The legacy SHA-1 `X-Hub-Signature` is not accepted.
 */

const HEADER = "X-Hub-Signature-256";
const DELIVERY = "X-GitHub-Delivery";

export const github: TPreset<Record<string, never>> = {
  label: "GitHub",
  issuesSecret: "user",
  timestampToleranceSec: null,
  deliveryIdHeader: DELIVERY,
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
      signatureMatches(sig, hmac("sha256", secret, input.body), "hex"),
    );
    if (!matched)
      return fail("bad-signature", `${HEADER} does not match the body with this source's secret`);
    return ok(input.headers.get(DELIVERY)?.trim() ?? null);
  },
};
