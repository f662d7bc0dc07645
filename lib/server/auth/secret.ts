import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "../env";

let cached: string | undefined;

/**
 * The key that signs session cookies: AUTH_SECRET when set, otherwise one
 * generated on first start and kept in DATA_DIR (mode 600), so a plain
 * `npm start` needs no configuration and sessions survive restarts.
 * Several processes on one machine share the file; across machines set AUTH_SECRET.
 */
export function getAuthSecret(): string {
  if (cached) return cached;
  if (env.AUTH_SECRET) return (cached = env.AUTH_SECRET);
  const file = path.resolve(env.DATA_DIR, "auth-secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      // wx: if another process won the race, read theirs instead.
      fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      cached = secret;
    } catch {
      cached = fs.readFileSync(file, "utf8").trim();
    }
  }
  return cached;
}
