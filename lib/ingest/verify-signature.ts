import { Webhook, WebhookVerificationError } from "standardwebhooks";

/**
 * Standard Webhooks verification (HMAC-SHA256 over `{id}.{timestamp}.{body}`)
 * with a typed answer, so the caller can say *what* was wrong in its 401
 * instead of a bare "invalid signature".
 *
 * The `standardwebhooks` package computes and compares the signatures; the
 * header and timestamp checks happen here first because the package reports
 * them only as free-text error messages.
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

// Webhook instances decode their secret once; a source's secret is reused for
// every delivery, so keep the decoded key. Bounded: cleared when it grows.
const webhooks = new Map<string, Webhook | null>();

function webhookFor(secret: string): Webhook | null {
  let wh = webhooks.get(secret);
  if (wh === undefined) {
    try {
      wh = new Webhook(secret);
    } catch {
      // An empty or undecodable stored secret matches nothing (fail closed).
      wh = null;
    }
    if (webhooks.size >= 1000) webhooks.clear();
    webhooks.set(secret, wh);
  }
  return wh;
}

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
  // The package checks the timestamp against Date.now() too, so this must use
  // the same clock (tests move it with fake timers).
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

  const wanted = {
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": signature,
  };
  for (const candidate of candidates) {
    const wh = webhookFor(candidate.secret);
    if (!wh) continue;
    try {
      wh.verify(body, wanted, { jsonParse: false });
      return { ok: true, usedPrevious: candidate.previous };
    } catch (e) {
      if (!(e instanceof WebhookVerificationError)) throw e;
    }
  }
  return fail(
    "no_matching_signature",
    "No webhook-signature entry matches the body, webhook-id and webhook-timestamp with this source's secret",
  );
}
