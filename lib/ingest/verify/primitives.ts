import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { TVerifyCheck, TVerifyInput, TVerifyResult } from "./types";

/**
 * Building blocks every preset shares: HMAC, constant-time comparison of
 * equal-length buffers, the timestamp window, and the answers. No preset
 * compares a signature any other way.
 */

export type THmacAlgorithm = "sha1" | "sha256" | "sha512";

export function hmac(algorithm: THmacAlgorithm, key: string | Buffer, content: string): Buffer {
  return createHmac(algorithm, key).update(content, "utf8").digest();
}

export function sha256(content: string): Buffer {
  return createHash("sha256").update(content, "utf8").digest();
}

/** Constant time for equal lengths; a length mismatch answers false without comparing. */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The bytes a hex or base64 signature spells, or null when it is not that encoding. */
export function decodeSignature(value: string, encoding: "hex" | "base64"): Buffer | null {
  const v = value.trim();
  if (encoding === "hex") return HEX.test(v) ? Buffer.from(v, "hex") : null;
  return BASE64.test(v) ? Buffer.from(v, "base64") : null;
}

/** True when `presented` (hex or base64 text) spells exactly the bytes of `expected`. */
export function signatureMatches(
  presented: string,
  expected: Buffer,
  encoding: "hex" | "base64",
): boolean {
  const bytes = decodeSignature(presented, encoding);
  return bytes !== null && safeEqual(bytes, expected);
}

export function ok(deliveryId: string | null): TVerifyResult {
  return { ok: true, deliveryId: deliveryId && deliveryId.length > 0 ? deliveryId : null };
}

export function fail(check: TVerifyCheck, message: string): TVerifyResult {
  return { ok: false, check, message };
}

/** The first missing header of `names`, as a failure, or null when all are present. */
export function requireHeaders(headers: Headers, names: string[]): TVerifyResult | null {
  const missing = names.filter((name) => !headers.get(name)?.trim());
  if (missing.length === 0) return null;
  return fail(
    "missing-header",
    `Missing header${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`,
  );
}

/**
 * Checks a signed timestamp against the clock, both ways: an old one is a
 * replay, one far in the future was signed by a wrong clock or forged ahead.
 * `unit` is what the sender counts in.
 */
export function checkTimestamp(
  label: string,
  raw: string,
  now: Date,
  toleranceSec: number,
  unit: "s" | "ms" = "s",
): TVerifyResult | null {
  const value = raw.trim();
  if (!/^\d{1,16}$/.test(value)) {
    return fail(
      "stale-timestamp",
      `${label} must be the Unix time in ${unit === "s" ? "seconds" : "milliseconds"}`,
    );
  }
  const sentMs = unit === "s" ? Number(value) * 1000 : Number(value);
  const skewSec = Math.trunc((now.getTime() - sentMs) / 1000);
  if (skewSec > toleranceSec) {
    return fail(
      "stale-timestamp",
      `${label} is ${skewSec} s old; at most ${toleranceSec} s is accepted`,
    );
  }
  if (-skewSec > toleranceSec) {
    return fail(
      "stale-timestamp",
      `${label} is ${-skewSec} s in the future; at most ${toleranceSec} s is accepted`,
    );
  }
  return null;
}

/** Fails closed when a source has no secret to check against. */
export function requireSecrets(input: TVerifyInput): TVerifyResult | null {
  return input.secrets.some((s) => s.length > 0)
    ? null
    : fail("bad-config", "This source has no signing secret set");
}

/** True when any usable secret makes `matches` true (current first, then the one in overlap). */
export function anySecret(secrets: string[], matches: (secret: string) => boolean): boolean {
  for (const secret of secrets) {
    if (secret.length > 0 && matches(secret)) return true;
  }
  return false;
}

/**
 * Splits a `k=v,k=v` signature header (Stripe, Calendly) into its pairs;
 * a key may repeat (several `v1=` while a secret rolls).
 */
export function parsePairs(header: string): { key: string; value: string }[] {
  const pairs: { key: string; value: string }[] = [];
  for (const part of header.split(",")) {
    const at = part.indexOf("=");
    if (at <= 0) continue;
    pairs.push({ key: part.slice(0, at).trim(), value: part.slice(at + 1).trim() });
  }
  return pairs;
}

/**
 * The URL a provider signed: the request's own, or, when the source sets
 * `publicUrl` (Baton behind a proxy that rewrites the address), that
 * address's origin and path with the request's query string kept.
 */
export function signedUrl(requestUrl: string, publicUrl: string | undefined): string {
  if (!publicUrl) return requestUrl;
  if (publicUrl.includes("?")) return publicUrl;
  const q = requestUrl.indexOf("?");
  return q === -1 ? publicUrl : publicUrl + requestUrl.slice(q);
}
