import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Standard Webhooks (standardwebhooks.com) signatures on node:crypto: a
 * `webhook-signature` entry is `v1,` + base64 HMAC-SHA256 of
 * `{msg id}.{timestamp}.{body}`, keyed with the bytes of the base64 secret
 * after its `whsec_` prefix. Signing (deliveries, the bench) and verifying
 * (ingest) share this file; the `standardwebhooks` package hashes in pure
 * JavaScript, which cost more CPU per event than the rest of the ingest path's
 * crypto, and is now only the reference its tests compare against.
 */

/** The HMAC key a `whsec_…` secret (or a bare base64 one) stands for, or null. */
export function standardWebhooksKey(secret: string): Buffer | null {
  const b64 = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const key = Buffer.from(b64, "base64");
  return key.length > 0 ? key : null;
}

// A destination's or source's secret signs every delivery; decode it once.
// Bounded: cleared when it grows (secrets rotate rarely).
const keys = new Map<string, Buffer | null>();

function keyFor(secret: string): Buffer | null {
  let key = keys.get(secret);
  if (key === undefined) {
    key = standardWebhooksKey(secret);
    if (keys.size >= 1000) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

function digest(key: Buffer, id: string, timestamp: string, body: string): Buffer {
  return createHmac("sha256", key).update(`${id}.${timestamp}.${body}`, "utf8").digest();
}

/** Unix seconds of a signing instant, as the header carries them. */
export function webhookTimestamp(at: Date): string {
  return String(Math.floor(at.getTime() / 1000));
}

/**
 * The `webhook-signature` value (`v1,<base64>`) for one message. Throws on a
 * secret that is not base64 (a stored secret Baton issued always is), rather
 * than sending a delivery no receiver could verify.
 */
export function signStandardWebhook(
  secret: string,
  id: string,
  signedAt: Date,
  body: string,
): string {
  const key = keyFor(secret);
  if (!key) throw new Error("The signing secret is not a whsec_ base64 secret");
  return `v1,${digest(key, id, webhookTimestamp(signedAt), body).toString("base64")}`;
}

// Base64 or base64url, as decodeSignature in lib/ingest/verify accepts.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * True when one `v1,…` entry of a `webhook-signature` list (space-separated;
 * a trailing comma from a proxy that merged two headers is tolerated) is the
 * signature of `{id}.{timestamp}.{body}` under one of `keys`. Other versions
 * are ignored; comparison is constant-time over equal lengths.
 */
export function standardWebhookSignatureMatches(
  keys: Buffer[],
  id: string,
  timestamp: string,
  body: string,
  signatureHeader: string,
): boolean {
  const presented = v1Entries(signatureHeader)
    .filter((e) => BASE64.test(e))
    .map((e) => Buffer.from(e, "base64"));
  if (presented.length === 0) return false;
  return keys.some((key) => {
    const expected = digest(key, id, timestamp, body);
    return presented.some((p) => p.length === expected.length && timingSafeEqual(p, expected));
  });
}

/** Whether a header has at least one `v1,` entry (to tell "unsigned" from "wrong"). */
export function hasV1Signature(signatureHeader: string): boolean {
  return v1Entries(signatureHeader).length > 0;
}

function v1Entries(signatureHeader: string): string[] {
  return signatureHeader
    .split(/\s+/)
    .map((e) => e.replace(/,$/, ""))
    .filter((e) => e.startsWith("v1,"))
    .map((e) => e.slice(3));
}
