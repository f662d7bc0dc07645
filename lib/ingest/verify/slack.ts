import { z } from "zod";
import {
  anySecret,
  checkTimestamp,
  fail,
  hmac,
  ok,
  requireHeaders,
  requireSecrets,
  signatureMatches,
} from "./primitives";
import type { TPreset } from "./types";

/**
 * Slack (api.slack.com/authentication/verifying-requests-from-slack):
 * `X-Slack-Signature: v0=<hex HMAC-SHA256>` over
 * `v0:{X-Slack-Request-Timestamp}:{body}`, keyed with the app's signing
 * secret; requests more than five minutes from the clock are refused. Slack
 * sends no delivery-id header (the Events API's `event_id` is in the body).
 * The `url_verification` challenge is signed the same way and answered by the
 * ingest handler after this check.
 */

export const SLACK_TOLERANCE_SEC = 5 * 60;
const SIGNATURE = "X-Slack-Signature";
const TIMESTAMP = "X-Slack-Request-Timestamp";

export const slack: TPreset<Record<string, never>> = {
  label: "Slack (Events API)",
  issuesSecret: "provider",
  timestampToleranceSec: SLACK_TOLERANCE_SEC,
  deliveryIdHeader: null,
  configSchema: z.object({}),
  verify(input) {
    const missing = requireHeaders(input.headers, [SIGNATURE, TIMESTAMP]);
    if (missing) return missing;
    const noSecret = requireSecrets(input);
    if (noSecret) return noSecret;
    const timestamp = (input.headers.get(TIMESTAMP) ?? "").trim();
    const stale = checkTimestamp(TIMESTAMP, timestamp, input.now, SLACK_TOLERANCE_SEC);
    if (stale) return stale;
    const value = (input.headers.get(SIGNATURE) ?? "").trim();
    if (!value.startsWith("v0=")) return fail("bad-signature", `${SIGNATURE} must start with v0=`);
    const sig = value.slice(3);
    const content = `v0:${timestamp}:${input.body}`;
    const matched = anySecret(input.secrets, (secret) =>
      signatureMatches(sig, hmac("sha256", secret, content), "hex"),
    );
    if (!matched) {
      return fail(
        "bad-signature",
        `${SIGNATURE} does not match the body and ${TIMESTAMP} with this source's secret`,
      );
    }
    return ok(null);
  },
};
