import { hash, verify } from "@node-rs/argon2";

/** Argon2id with the library's defaults (m=19 MiB, t=2): ~35 ms here. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed sign-in, not a crash.
    return false;
  }
}

// Verifying against a real hash even for unknown emails keeps the answer time
// the same, so timing does not reveal which emails have accounts.
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hash("not-a-real-password");
  await verifyPassword(await dummy, password);
}
