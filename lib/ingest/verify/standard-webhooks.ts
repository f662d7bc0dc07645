import { z } from "zod";
import {
  hasV1Signature,
  standardWebhookSignatureMatches,
  standardWebhooksKey,
} from "@/lib/server/standard-webhooks";
import { checkTimestamp, fail, ok, requireSecrets } from "./primitives";
import type { TPreset } from "./types";

/**
 * Standard Webhooks (standardwebhooks.com): `webhook-id`, `webhook-timestamp`
 * (Unix seconds) and `webhook-signature`, a space-separated list of
 * `v1,<base64 HMAC-SHA256>` over `{id}.{timestamp}.{body}`, keyed with the
 * base64 part of the `whsec_` secret. Svix sends the same scheme under
 * `svix-id` / `svix-timestamp` / `svix-signature`.
 */

export const STANDARD_WEBHOOKS_TOLERANCE_SEC = 5 * 60;

const FAMILIES = ["webhook", "svix"] as const;

export const standardWebhooks: TPreset<Record<string, never>> = {
  label: "Standard Webhooks (also Svix)",
  issuesSecret: "baton",
  timestampToleranceSec: STANDARD_WEBHOOKS_TOLERANCE_SEC,
  deliveryIdHeader: "webhook-id",
  configSchema: z.object({}),
  verify(input) {
    const { headers } = input;
    // Use the family whose id header is present; webhook-* wins when both are.
    const family =
      FAMILIES.find((f) => headers.get(`${f}-id`)?.trim()) ??
      FAMILIES.find((f) => headers.get(`${f}-signature`)?.trim()) ??
      "webhook";
    const names = ["id", "timestamp", "signature"].map((n) => `${family}-${n}`);
    const missing = names.filter((n) => !headers.get(n)?.trim());
    if (missing.length > 0) {
      return fail(
        "missing-header",
        `Missing header${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`,
      );
    }
    const noSecret = requireSecrets(input);
    if (noSecret) return noSecret;

    const id = headers.get(names[0]) ?? "";
    const timestamp = (headers.get(names[1]) ?? "").trim();
    const stale = checkTimestamp(names[1], timestamp, input.now, STANDARD_WEBHOOKS_TOLERANCE_SEC);
    if (stale) return stale;

    const keys = input.secrets.map(standardWebhooksKey).filter((k): k is Buffer => k !== null);
    if (keys.length === 0) {
      return fail("bad-config", "This source's signing secret is not a whsec_ base64 secret");
    }
    const signature = headers.get(names[2]) ?? "";
    if (!hasV1Signature(signature)) {
      return fail("bad-signature", `${names[2]} has no v1 signature`);
    }
    if (!standardWebhookSignatureMatches(keys, id, timestamp, input.body, signature)) {
      return fail(
        "bad-signature",
        `No ${names[2]} entry matches the body, ${names[0]} and ${names[1]} with this source's secret`,
      );
    }
    return ok(id);
  },
};
