import busboy from "busboy";
import type { TFormFields } from "./rules";

/**
 * A form post's body as fields. The rules (the same the FORMATS work
 * documents for webhook bodies): repeated names become arrays in the order
 * sent; `application/x-www-form-urlencoded` and `multipart/form-data` are
 * what a plain <form> sends, a flat JSON object what a fetch call may send.
 * Files are refused (415): Baton stores events, not uploads, and a file
 * input left empty (an empty part with no file name) is simply absent.
 *
 * One function with one answer shape, so switching it to the shared decoder
 * (lib/ingest/body-formats.ts) is a one-file change.
 */
export type TFormBody =
  | { ok: true; fields: TFormFields; format: "urlencoded" | "multipart" | "json" }
  | { ok: false; code: "UNSUPPORTED_MEDIA_TYPE" | "MALFORMED_JSON"; message: string };

export const MAX_FORM_FIELDS = 200;
const MAX_FIELD_BYTES = 100_000;

function add(fields: TFormFields, name: string, value: string) {
  const prior = fields[name];
  if (prior === undefined) fields[name] = value;
  else if (Array.isArray(prior)) prior.push(value);
  else fields[name] = [prior, value];
}

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
  if (type === "application/x-www-form-urlencoded") {
    const fields: TFormFields = {};
    let n = 0;
    for (const [name, value] of new URLSearchParams(body.toString("utf8"))) {
      if (++n > MAX_FORM_FIELDS) return tooMany();
      add(fields, name, value);
    }
    return { ok: true, fields, format: "urlencoded" };
  }
  if (type === "multipart/form-data") return readMultipart(contentType!, body);
  if (type === "application/json") return readJson(body);
  return { ok: false, code: "UNSUPPORTED_MEDIA_TYPE", message: unsupportedMedia(contentType) };
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

function readMultipart(contentType: string, body: Buffer): Promise<TFormBody> {
  return new Promise((resolve) => {
    const fields: TFormFields = {};
    let failed: TFormBody | null = null;
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: { "content-type": contentType },
        limits: {
          fields: MAX_FORM_FIELDS,
          parts: MAX_FORM_FIELDS + 20,
          fieldSize: MAX_FIELD_BYTES,
        },
      });
    } catch {
      resolve({
        ok: false,
        code: "MALFORMED_JSON",
        message: "multipart/form-data without a boundary",
      });
      return;
    }
    bb.on("field", (name, value, info) => {
      if (info.valueTruncated) {
        failed ??= {
          ok: false,
          code: "MALFORMED_JSON",
          message: `Field "${name.slice(0, 60)}" is over ${MAX_FIELD_BYTES} bytes`,
        };
      }
      add(fields, name, value);
    });
    bb.on("file", (name, stream, info) => {
      let size = 0;
      stream.on("data", (chunk: Buffer) => (size += chunk.length));
      stream.on("end", () => {
        // An empty file input: the browser sends a part with no name and no bytes.
        if (size === 0 && !info.filename) return;
        failed ??= {
          ok: false,
          code: "UNSUPPORTED_MEDIA_TYPE",
          message: `File uploads are not accepted (field "${name.slice(0, 60)}")`,
        };
      });
    });
    bb.on("fieldsLimit", () => (failed ??= tooMany()));
    bb.on("partsLimit", () => (failed ??= tooMany()));
    bb.on("error", () => {
      failed ??= { ok: false, code: "MALFORMED_JSON", message: "The multipart body is malformed" };
      resolve(failed);
    });
    bb.on("close", () => resolve(failed ?? { ok: true, fields, format: "multipart" }));
    bb.end(body);
  });
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
