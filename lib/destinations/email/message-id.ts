import { createHash } from "node:crypto";

/**
 * The Message-ID of an action's email (RFC 5322 §3.6.4 msg-id): a hash of the
 * action's idempotency key at the sender's domain, so every retry and replay
 * of one action carries the same id and a receiving system can drop a copy
 * that crossed a lost 250.
 */
export function messageIdFor(idempotencyKey: string, fromAddress: string): string {
  if (!idempotencyKey) throw new Error("messageIdFor: empty idempotency key");
  const hash = createHash("sha256").update(`baton.email.v1:${idempotencyKey}`).digest("hex");
  return `<${hash.slice(0, 40)}@${domainOf(fromAddress)}>`;
}

/** The domain of "Name <a@b.example>" or "a@b.example", lower-cased; baton.invalid without one. */
export function domainOf(from: string): string {
  const addr = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  const domain = addr.split("@").pop()?.trim().toLowerCase() ?? "";
  return /^[a-z0-9.-]+$/.test(domain) && domain.includes(".") ? domain : "baton.invalid";
}
