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
};

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
  if (status === undefined && attempt.error === BLOCKED_ADDRESS) return "data";
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
  const kind = classifyFailure(attempt);
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
