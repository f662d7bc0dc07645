/** What each refusal means to the person fixing the sender. */
export const REASON_LABELS: Record<string, string> = {
  INVALID_SIGNATURE: "Bad signature",
  PAYLOAD_TOO_LARGE: "Too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported body type",
  MALFORMED_JSON: "Malformed JSON",
  VALIDATION_FAILED: "Bad idempotency key",
  UNPROCESSABLE: "Key reused",
  RATE_LIMITED: "Rate limited",
  NOT_FOUND: "Not accepting",
};
