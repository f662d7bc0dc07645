import { createHash, randomBytes } from "node:crypto";

/** A new personal API token: `bt_` + 32 random bytes. Only its hash is stored. */
export function generateApiToken() {
  const token = `bt_${randomBytes(32).toString("base64url")}`;
  return { token, prefix: token.slice(0, 10), tokenHash: hashApiToken(token) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
