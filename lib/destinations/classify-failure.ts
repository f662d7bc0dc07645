/**
 * What a delivery attempt's outcome means for the pipeline: done, try again
 * later, or stop and ask a person. Kept pure so the worker, the replay
 * action and the tests agree on every status code.
 */
import { BLOCKED_ADDRESS } from "@/lib/server/net/outbound-guard";

/**
 * Response headers as fetch gives them (the global or undici's own Headers),
 * or as a plain (lower- or mixed-case) record.
 */
export type THeaderSource =
  { get(name: string): string | null } | Record<string, string | string[] | undefined> | undefined;

/** One attempt: an HTTP status when the destination answered, an error when it did not. */
export type TDeliveryAttempt = {
  status?: number;
  /** "timeout", "network", "blocked_address" or another transport error code (ECONNRESET, …). */
  error?: string;
  /** The outbound guard's sentence for a blocked_address refusal. */
  detail?: string | null;
  headers?: THeaderSource;
  /** An SMTP server's final reply code (email destinations); status stays unset. */
  smtpCode?: number;
  /** The SMTP server's reply text, e.g. "550 5.1.1 <a@b.example>: Recipient address rejected". */
  reply?: string;
};

/**
 * A message Baton would not send as it is (an email without a valid
 * recipient, settings that cannot be opened): a data failure, like a
 * refused address, with the reason in `detail`.
 */
export const INVALID_MESSAGE = "invalid_message";

/** success: done; transient: retry with backoff; data: retrying cannot help, open an exception. */
export type TFailureClass = "success" | "transient" | "data";

/** Mirrors the Prisma enum `DeliveryStatus`. */
export type TDeliveryStatus =
  "SUCCEEDED" | "FAILED_TRANSIENT" | "FAILED_PERMANENT" | "TIMEOUT" | "CIRCUIT_OPEN";

/**
 * 4xx codes that mean "not now" rather than "not this": request timeout,
 * too early, too many requests. 409 Conflict stays a data failure: the
 * receiver's state disagrees with ours and replaying the same body will not
 * change that.
 */
const TRANSIENT_4XX = new Set([408, 425, 429]);

/**
 * Classifies an attempt. A status wins over an error (the destination
 * answered). 2xx succeeds; 408/425/429 and 5xx are transient; other 4xx,
 * and 3xx (redirects are not followed, so the URL needs fixing), are data
 * failures. A request the outbound guard refused (an internal address not
 * allow-listed) is a data failure: the configuration, not the network, must
 * change. Any other transport error — timeout, network, TLS, unknown — is
 * transient: retries are bounded and end in the dead-letter state anyway.
 */
export function classifyFailure(attempt: TDeliveryAttempt): TFailureClass {
  const { status } = attempt;
  if (attempt.smtpCode !== undefined) return classifySmtp(attempt.smtpCode);
  if (status === undefined && attempt.error === BLOCKED_ADDRESS) return "data";
  if (status === undefined && attempt.error === INVALID_MESSAGE) return "data";
  if (typeof status === "number" && Number.isInteger(status) && status >= 100 && status <= 599) {
    if (status >= 200 && status < 300) return "success";
    if (status >= 500) return "transient";
    if (status >= 400) return TRANSIENT_4XX.has(status) ? "transient" : "data";
    if (status >= 300) return "data";
    // 1xx as a final status is a broken intermediary; another attempt may get through.
    return "transient";
  }
  return "transient";
}

/**
 * SMTP (RFC 5321 §4.2.1): 2yz accepted; 4yz a transient negative reply
 * (greylisting, mailbox busy, rate limits: retry with backoff); 5yz a
 * permanent one (unknown recipient, policy, authentication): retrying the
 * same message cannot help, a person must look.
 */
function classifySmtp(code: number): TFailureClass {
  if (code >= 200 && code < 400) return "success";
  if (code >= 500 && code < 600) return "data";
  return "transient";
}

/** The Delivery row status for an attempt. */
export function deliveryStatusFor(attempt: TDeliveryAttempt): TDeliveryStatus {
  const kind = classifyFailure(attempt);
  if (kind === "success") return "SUCCEEDED";
  if (kind === "data") return "FAILED_PERMANENT";
  if (attempt.status === undefined && attempt.error === "timeout") return "TIMEOUT";
  return "FAILED_TRANSIENT";
}

/** Reads one header case-insensitively from either header shape; the first value of a list. */
export function headerValue(headers: THeaderSource, name: string): string | null {
  if (!headers) return null;
  if (typeof headers.get === "function")
    return (headers as { get(n: string): string | null }).get(name);
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(
    headers as Record<string, string | string[] | undefined>,
  )) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? (value[0] ?? null) : value;
  }
  return null;
}

/**
 * One line for the delivery log and the exception detail. `last`: the final
 * attempt of a dead letter, which no retry follows (so it never says "will retry").
 */
export function describeAttempt(attempt: TDeliveryAttempt, last = false): string {
  if (attempt.status === undefined && attempt.error === BLOCKED_ADDRESS) {
    return `not sent: ${attempt.detail ?? "the address is not allowed"}`;
  }
  if (attempt.status === undefined && attempt.error === INVALID_MESSAGE) {
    return `not sent: ${attempt.detail ?? "the message is not valid"}`;
  }
  const kind = classifyFailure(attempt);
  if (attempt.smtpCode !== undefined) {
    const reply = attempt.reply ?? String(attempt.smtpCode);
    if (kind === "success") return `sent → ${reply}`;
    if (kind === "transient")
      return `SMTP ${reply}: temporary failure${last ? "" : ", will retry"}`;
    return `SMTP ${reply}: the mail server refused the message; retrying will not help`;
  }
  const what =
    attempt.status !== undefined
      ? `HTTP ${attempt.status}`
      : attempt.error
        ? `error: ${attempt.error}`
        : "no response";
  if (kind === "success") return `${what}: delivered`;
  if (kind === "transient") return `${what}: temporary failure${last ? "" : ", will retry"}`;
  return `${what}: the destination refused the data; retrying will not help`;
}
