import { ERROR_CODES, isAppError, type TErrorCode } from "./errors";
import { logger } from "./logger";

const TITLES: Record<TErrorCode, string> = {
  UNAUTHENTICATED: "Authentication required",
  FORBIDDEN: "Forbidden",
  PASSWORD_CHANGE_REQUIRED: "Password change required",
  NOT_FOUND: "Not found",
  VALIDATION_FAILED: "Invalid input",
  MALFORMED_JSON: "Malformed JSON",
  CONFLICT: "Conflict",
  PAYLOAD_TOO_LARGE: "Payload too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
  UNPROCESSABLE: "Unprocessable request",
  RATE_LIMITED: "Too many requests",
  INVALID_SIGNATURE: "Invalid signature",
  INTERNAL: "Internal error",
};

/**
 * An RFC 9457 problem+json answer. Unexpected errors are logged with the
 * request id and answered with a generic message, never the raw error.
 */
export function problemResponse(
  error: unknown,
  requestId: string,
  headers?: HeadersInit,
): Response {
  let code: TErrorCode = "INTERNAL";
  let detail = "Something went wrong on our side. Quote the request id if you report it.";
  let extra: Record<string, unknown> = {};
  if (isAppError(error)) {
    code = error.code;
    detail = error.message;
    extra = error.details ?? {};
  } else {
    logger.error({ err: error, requestId }, "unhandled error in route handler");
  }
  const status = ERROR_CODES[code];
  const h = new Headers(headers);
  h.set("content-type", "application/problem+json");
  h.set("x-request-id", requestId);
  if (code === "RATE_LIMITED" && typeof extra.retryAfterSeconds === "number") {
    h.set("retry-after", String(extra.retryAfterSeconds));
  }
  return new Response(
    JSON.stringify({
      type: `/problems/${code.toLowerCase().replaceAll("_", "-")}`,
      title: TITLES[code],
      status,
      code,
      detail,
      requestId,
      ...extra,
    }),
    { status, headers: h },
  );
}
