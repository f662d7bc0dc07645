import { MAX_BODY_FIELDS, decodeBody } from "../body-formats";
import type { TFormFields } from "./rules";

/**
 * A form post's body as fields. The rules (the same the FORMATS work
 * documents for webhook bodies): repeated names become arrays in the order
 * sent; `application/x-www-form-urlencoded` and `multipart/form-data` are
 * what a plain <form> sends, a flat JSON object what a fetch call may send.
 * Files are refused (415): Baton stores events, not uploads, and a file
 * input left empty (an empty part with no file name) is simply absent.
 *
 * urlencoded and multipart bodies go through the shared decoder
 * (lib/ingest/body-formats.ts: the same limits and messages as a webhook
 * body, 413 naming the field over a limit); only the flat-JSON rule is the
 * form's own.
 */
export type TFormBody =
  | { ok: true; fields: TFormFields; format: "urlencoded" | "multipart" | "json" }
  | {
      ok: false;
      code: "UNSUPPORTED_MEDIA_TYPE" | "MALFORMED_JSON" | "VALIDATION_FAILED" | "PAYLOAD_TOO_LARGE";
      message: string;
    };

export const MAX_FORM_FIELDS = MAX_BODY_FIELDS;

const mediaType = (contentType: string | null) =>
  (contentType ?? "").split(";")[0].trim().toLowerCase();

/** The media types the endpoint takes (for 415 messages and the OpenAPI entry). */
export const FORM_MEDIA_TYPES = [
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "application/json",
];

/** Whether the endpoint can read this Content-Type at all (checked before reading the body). */
export function isFormMediaType(contentType: string | null): boolean {
  return FORM_MEDIA_TYPES.includes(mediaType(contentType));
}

export async function readFormBody(contentType: string | null, body: Buffer): Promise<TFormBody> {
  const type = mediaType(contentType);
  if (type === "application/json") return readJson(body);
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
    return { ok: false, code: "UNSUPPORTED_MEDIA_TYPE", message: unsupportedMedia(contentType) };
  }
  const decoded = await decodeBody(contentType, body);
  if (!decoded.ok) return { ok: false, code: decoded.reason, message: decoded.message };
  // Files are refused by the decoder, so every value is a string or a list of them.
  return {
    ok: true,
    fields: decoded.value as TFormFields,
    format: decoded.kind === "multipart" ? "multipart" : "urlencoded",
  };
}

/** The 415 message for a Content-Type the endpoint does not read. */
export function unsupportedMedia(contentType: string | null): string {
  const got = contentType ? `"${contentType.slice(0, 80)}"` : "no Content-Type";
  return `A form post must be ${FORM_MEDIA_TYPES.join(", ")} (got ${got})`;
}

function tooMany(): TFormBody {
  return {
    ok: false,
    code: "MALFORMED_JSON",
    message: `A form post may have at most ${MAX_FORM_FIELDS} fields`,
  };
}

function readJson(body: Buffer): TFormBody {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    return { ok: false, code: "MALFORMED_JSON", message: "Body is not valid JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, code: "MALFORMED_JSON", message: "Body must be a JSON object of fields" };
  }
  const fields: TFormFields = {};
  const entries = Object.entries(value);
  if (entries.length > MAX_FORM_FIELDS) return tooMany();
  const scalar = (v: unknown) =>
    typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null;
  for (const [name, v] of entries) {
    const one = scalar(v);
    const many = Array.isArray(v) ? v.map(scalar) : null;
    if (one !== null) fields[name] = one;
    else if (many && many.every((s) => s !== null)) fields[name] = many as string[];
    else {
      return {
        ok: false,
        code: "MALFORMED_JSON",
        message: `Field "${name.slice(0, 60)}" must be a string, number, boolean or a list of them`,
      };
    }
  }
  return { ok: true, fields, format: "json" };
}
