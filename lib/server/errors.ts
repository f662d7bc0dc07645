/**
 * The one list of error codes domain code may throw. Route handlers turn them
 * into RFC 9457 problem+json; server actions return `{ ok: false, code, message }`.
 */
export const ERROR_CODES = {
  /** No session or token, or the user was deactivated. */
  UNAUTHENTICATED: 401,
  /** Signed in, but the role does not allow this. */
  FORBIDDEN: 403,
  /** An admin reset this user's password: they must choose a new one (/account/password) first. */
  PASSWORD_CHANGE_REQUIRED: 403,
  /** The thing does not exist or is not visible to the caller. */
  NOT_FOUND: 404,
  /** Input failed validation; `details.fields` names each field. */
  VALIDATION_FAILED: 400,
  /** Body is not valid JSON. */
  MALFORMED_JSON: 400,
  /** The item changed since the caller read it (stale `version`). */
  CONFLICT: 409,
  /** Body over the size limit. */
  PAYLOAD_TOO_LARGE: 413,
  /** Content-Type is not application/json. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Well-formed but refused, e.g. an idempotency key reused with another body. */
  UNPROCESSABLE: 422,
  /** Too many attempts; `details.retryAfterSeconds` says when to try again. */
  RATE_LIMITED: 429,
  /** Bad or missing webhook signature, or a stale timestamp. */
  INVALID_SIGNATURE: 401,
  /** Unexpected failure; the client gets a generic message and the request id. */
  INTERNAL: 500,
} as const;

export type TErrorCode = keyof typeof ERROR_CODES;

export type TFieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(opts: { code: TErrorCode; message: string; details?: Record<string, unknown> }) {
    super(opts.message);
    this.name = "AppError";
    this.code = opts.code;
    this.details = opts.details;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Flattens zod issues into `{ "path.to.field": ["message"] }`. */
export function fieldErrorsFromIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): TFieldErrors {
  const out: TFieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
