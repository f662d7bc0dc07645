import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getAuthSecret } from "./auth/secret";
import { env } from "./env";

/**
 * Credentials Baton must use again (a source's signing secret or URL token, a
 * mailbox password) are stored sealed: AES-256-GCM under a key derived with
 * HKDF-SHA256 from BATON_SECRET_KEY, or from the auth secret when that is
 * unset. A sealed value reads `enc:v1:<base64url(iv ‖ tag ‖ ciphertext)>`;
 * the GCM tag makes a tampered or foreign value fail to open instead of
 * decrypting to garbage.
 */
const PREFIX = "enc:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

let cachedKey: { from: string; key: Buffer } | undefined;

function key(): Buffer {
  const from = env.BATON_SECRET_KEY ?? getAuthSecret();
  if (cachedKey?.from !== from) {
    const derived = hkdfSync("sha256", from, "baton", "secret-box v1", 32);
    cachedKey = { from, key: Buffer.from(derived) };
  }
  return cachedKey.key;
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** Seals a credential for storage. */
export function sealSecret(plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

export class SecretBoxError extends Error {}

/**
 * Opens a stored credential. A value without the prefix was stored before
 * sealing existed and is returned as it is (it is sealed on its next write).
 * Throws SecretBoxError when the key is not the one it was sealed with.
 */
export function openSecret(stored: string): string {
  if (!isSealed(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError("Sealed value is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new SecretBoxError(
      "A stored credential cannot be opened: BATON_SECRET_KEY (or AUTH_SECRET) changed since it was saved",
    );
  }
}
