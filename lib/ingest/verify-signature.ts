import {
  standardWebhookSignatureMatches,
  standardWebhooksKey,
} from "@/lib/server/standard-webhooks";

/**
 * Standard Webhooks verification (HMAC-SHA256 over `{id}.{timestamp}.{body}`)
 * with a typed answer, so the caller can say *what* was wrong in its 401
 * instead of a bare "invalid signature".
 *
 * Signatures are computed and compared with node:crypto
 * (lib/server/standard-webhooks.ts); the header and timestamp checks come
 * first, each with its own reason.
 */

/** Seconds a `webhook-timestamp` may be away from our clock (the spec's 5 minutes). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/** A source's secrets: the current one, and the previous one during a rotation overlap. */
export type TSigningSecrets = {
  current: string;
  previous?: string | null;
  previousExpiresAt?: Date | null;
};

export type TSignatureFailure =
  | "missing_headers"
  | "invalid_timestamp"
  | "stale_timestamp"
  | "future_timestamp"
  | "no_matching_signature";

export type TSignatureResult =
  { ok: true; usedPrevious: boolean } | { ok: false; reason: TSignatureFailure; message: string };

const REQUIRED = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

function fail(reason: TSignatureFailure, message: string): TSignatureResult {
  return { ok: false, reason, message };
}

/**
 * Verifies a delivery's Standard Webhooks signature against the source's
 * current secret, and its previous secret while the rotation overlap lasts.
 * Any one `v1,…` entry of the space-separated `webhook-signature` list may
 * match. `body` must be the raw body exactly as received (decoded as UTF-8).
 */
export function verifySignature(input: {
  headers: Headers;
  body: string;
  secrets: TSigningSecrets;
}): TSignatureResult {
  const { headers, body, secrets } = input;
  const missing = REQUIRED.filter((name) => !headers.get(name));
  if (missing.length > 0) {
    return fail(
      "missing_headers",
      `Missing header${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`,
    );
  }
  const id = headers.get("webhook-id") ?? "";
  const timestamp = (headers.get("webhook-timestamp") ?? "").trim();
  const signature = headers.get("webhook-signature") ?? "";

  if (!/^\d{1,12}$/.test(timestamp)) {
    return fail("invalid_timestamp", "webhook-timestamp must be the Unix time in seconds");
  }
  // Date.now(), so tests can move the clock with fake timers.
  const nowMs = Date.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  const skew = nowSeconds - Number(timestamp);
  if (skew > SIGNATURE_TOLERANCE_SECONDS) {
    return fail(
      "stale_timestamp",
      `webhook-timestamp is ${skew} s old; at most ${SIGNATURE_TOLERANCE_SECONDS} s is accepted`,
    );
  }
  if (-skew > SIGNATURE_TOLERANCE_SECONDS) {
    return fail(
      "future_timestamp",
      `webhook-timestamp is ${-skew} s in the future; at most ${SIGNATURE_TOLERANCE_SECONDS} s is accepted`,
    );
  }

  const candidates: { secret: string; previous: boolean }[] = [
    { secret: secrets.current, previous: false },
  ];
  const overlapOpen =
    secrets.previousExpiresAt != null && secrets.previousExpiresAt.getTime() > nowMs;
  if (secrets.previous && overlapOpen) {
    candidates.push({ secret: secrets.previous, previous: true });
  }

  for (const candidate of candidates) {
    // An empty or undecodable stored secret matches nothing (fail closed).
    const key = standardWebhooksKey(candidate.secret);
    if (key && standardWebhookSignatureMatches([key], id, timestamp, body, signature)) {
      return { ok: true, usedPrevious: candidate.previous };
    }
  }
  return fail(
    "no_matching_signature",
    "No webhook-signature entry matches the body, webhook-id and webhook-timestamp with this source's secret",
  );
}
