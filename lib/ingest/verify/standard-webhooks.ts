import { z } from "zod";
import { checkTimestamp, fail, hmac, ok, requireSecrets, signatureMatches } from "./primitives";
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

/** The HMAC key a `whsec_…` secret (or a bare base64 one) stands for, or null. */
export function standardWebhooksKey(secret: string): Buffer | null {
  const b64 = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const key = Buffer.from(b64, "base64");
  return key.length > 0 ? key : null;
}

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
    // Entries are space-separated; a proxy that merged two headers adds ", ".
    const entries = (headers.get(names[2]) ?? "")
      .split(/\s+/)
      .map((e) => e.replace(/,$/, ""))
      .filter((e) => e.startsWith("v1,"))
      .map((e) => e.slice(3));
    if (entries.length === 0) {
      return fail("bad-signature", `${names[2]} has no v1 signature`);
    }
    const content = `${id}.${timestamp}.${input.body}`;
    const matched = keys.some((key) => {
      const expected = hmac("sha256", key, content);
      return entries.some((e) => signatureMatches(e, expected, "base64"));
    });
    if (!matched) {
      return fail(
        "bad-signature",
        `No ${names[2]} entry matches the body, ${names[0]} and ${names[1]} with this source's secret`,
      );
    }
    return ok(id);
  },
};
