import { isUtf8 } from "node:buffer";
import busboy from "busboy";
import { findUnstorableString } from "@/lib/server/unstorable";

/**
 * A delivery's body turned into the JSON the pipeline reads, by one set of
 * documented rules (README "Body formats"):
 *
 * - `application/json` and any `application/*+json`: a JSON object, or a
 *   non-empty JSON array of objects (a batching sender, e.g. HubSpot; the
 *   caller stores one event per element).
 * - `application/x-www-form-urlencoded` and `multipart/form-data`: an object
 *   of fields. A name sent once is a string; a repeated name becomes an array
 *   of strings in the order sent. Brackets are literal: `a[b]=1` is the key
 *   `"a[b]"`, not a nested object (no PHP/Rails expansion, so nothing a sender
 *   names can reach `__proto__` or reshape another field). Map such a key
 *   with a quoted segment: `["a[b]"]`.
 * - multipart files are refused with 415 ("File uploads are not accepted",
 *   naming the field): Baton stores events, not uploads, and the website-form
 *   endpoint answers the same. An empty file input (no file name, no bytes,
 *   what a browser sends for a file left unpicked) is simply absent.
 * - `text/plain`: `{ "text": "<the body>" }`.
 *
 * Limits: at most 200 fields, names up to 200 bytes, values up to
 * 100,000 bytes, 64 levels of nesting, 500 elements in a batch. Answers name
 * the field: 413 for a value or count over a limit, 400 for a malformed body
 * or a bad name, 415 for any other media type. The caller checks the body's
 * total size (the source's limit) and the signature over the raw bytes first.
 */

export type TBodyObject = Record<string, unknown>;

export type TDecodedBody =
  | { ok: true; kind: "json"; value: TBodyObject | TBodyObject[] }
  | { ok: true; kind: "form" | "multipart" | "text"; value: TBodyObject };

export type TBodyRefusal = {
  ok: false;
  reason: "UNSUPPORTED_MEDIA_TYPE" | "MALFORMED_JSON" | "VALIDATION_FAILED" | "PAYLOAD_TOO_LARGE";
  status: 415 | 400 | 413;
  message: string;
  /** The field a limit or a rule refused, for problem+json `errors`. */
  field?: string;
};

export const MAX_BODY_FIELDS = 200;
export const MAX_FIELD_NAME_BYTES = 200;
export const MAX_FIELD_BYTES = 100_000;
export const MAX_BODY_DEPTH = 64;
export const MAX_BATCH_EVENTS = 500;

/** The media types a source reads (415 messages, the OpenAPI entry). */
export const BODY_MEDIA_TYPES = [
  "application/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "text/plain",
] as const;

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json$/;

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

type TKind = "json" | "form" | "multipart" | "text";

function kindOf(contentType: string | null): TKind | null {
  const type = mediaType(contentType);
  if (JSON_TYPE.test(type)) return "json";
  if (type === "application/x-www-form-urlencoded") return "form";
  if (type === "multipart/form-data") return "multipart";
  if (type === "text/plain") return "text";
  return null;
}

/** Whether a Content-Type is one a source reads (checked before the body is read). */
export function isDecodableMediaType(contentType: string | null): boolean {
  return kindOf(contentType) !== null;
}

/** The 415 message for a Content-Type no source reads. */
export function unsupportedMediaMessage(contentType: string | null): string {
  const got = contentType ? `"${contentType.slice(0, 80)}"` : "no Content-Type";
  return `Content-Type must be one of ${BODY_MEDIA_TYPES.join(", ")} (got ${got})`;
}

const refuse = (reason: TBodyRefusal["reason"], message: string, field?: string): TBodyRefusal => ({
  ok: false,
  reason,
  status: reason === "UNSUPPORTED_MEDIA_TYPE" ? 415 : reason === "PAYLOAD_TOO_LARGE" ? 413 : 400,
  message,
  ...(field === undefined ? {} : { field }),
});

const quoted = (name: string) => `"${name.slice(0, 60)}${name.length > 60 ? "…" : ""}"`;

/** Decodes a body by its Content-Type; never throws. */
export async function decodeBody(
  contentType: string | null,
  body: Buffer,
): Promise<TDecodedBody | TBodyRefusal> {
  const kind = kindOf(contentType);
  if (!kind) return refuse("UNSUPPORTED_MEDIA_TYPE", unsupportedMediaMessage(contentType));
  if (kind === "multipart") return checked(await decodeMultipart(contentType!, body));
  if (!isUtf8(body)) return refuse("MALFORMED_JSON", "Body is not valid UTF-8");
  const text = body.toString("utf8");
  if (kind === "json") return checked(decodeJson(text));
  if (kind === "text") return checked({ ok: true, kind, value: { text } });
  return checked(decodeUrlEncoded(text));
}

/** The checks every format shares: nesting depth and text a database can hold. */
function checked(result: TDecodedBody | TBodyRefusal): TDecodedBody | TBodyRefusal {
  if (!result.ok) return result;
  // A batch's elements are events of their own: each gets the full depth.
  const events = Array.isArray(result.value) ? result.value : [result.value];
  if (events.some((e) => depthOf(e) > MAX_BODY_DEPTH)) {
    return refuse(
      "MALFORMED_JSON",
      `Body nests deeper than ${MAX_BODY_DEPTH} levels of objects and arrays`,
    );
  }
  const bad = findUnstorableString(result.value);
  if (bad)
    return refuse("MALFORMED_JSON", `Body field ${bad.path || "(root)"}: ${bad.why}`, bad.path);
  return result;
}

function decodeJson(text: string): TDecodedBody | TBodyRefusal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // V8's message quotes the body; only the position goes back.
    const at = /position (\d+)/.exec((e as Error).message);
    return refuse(
      "MALFORMED_JSON",
      text.trim() === ""
        ? "Body is empty"
        : `Body is not valid JSON${at ? ` (at position ${at[1]})` : ""}`,
    );
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return refuse("MALFORMED_JSON", "Body is an empty JSON array");
    if (value.length > MAX_BATCH_EVENTS) {
      return refuse(
        "PAYLOAD_TOO_LARGE",
        `A batch may hold at most ${MAX_BATCH_EVENTS} events (got ${value.length})`,
      );
    }
    const i = value.findIndex((v) => !isObject(v));
    if (i >= 0) {
      return refuse(
        "MALFORMED_JSON",
        `Batch element ${i} must be a JSON object (got ${describe(value[i])})`,
        String(i),
      );
    }
    return { ok: true, kind: "json", value: value as TBodyObject[] };
  }
  if (!isObject(value)) {
    return refuse(
      "MALFORMED_JSON",
      `Body must be a JSON object or an array of objects (got ${describe(value)})`,
    );
  }
  return { ok: true, kind: "json", value };
}

function isObject(v: unknown): v is TBodyObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : `a ${typeof v}`;
}

/**
 * Fields collected in a Map and turned into an object with
 * Object.fromEntries, which defines own properties: a field named
 * `__proto__` stays a field.
 */
class Fields {
  private readonly map = new Map<string, unknown>();
  private count = 0;

  /** A refusal when the field breaks a limit, else null. */
  add(name: string, value: unknown, bytes: number): TBodyRefusal | null {
    if (++this.count > MAX_BODY_FIELDS) {
      return refuse("PAYLOAD_TOO_LARGE", `A body may have at most ${MAX_BODY_FIELDS} fields`, name);
    }
    if (Buffer.byteLength(name) > MAX_FIELD_NAME_BYTES) {
      return refuse(
        "VALIDATION_FAILED",
        `Field name ${quoted(name)} is over ${MAX_FIELD_NAME_BYTES} bytes`,
        name.slice(0, 60),
      );
    }
    if (bytes > MAX_FIELD_BYTES) return tooBig(name);
    const prior = this.map.get(name);
    if (prior === undefined) this.map.set(name, value);
    else if (Array.isArray(prior)) prior.push(value);
    else this.map.set(name, [prior, value]);
    return null;
  }

  object(): TBodyObject {
    return Object.fromEntries(this.map);
  }
}

const tooBig = (name: string) =>
  refuse("PAYLOAD_TOO_LARGE", `Field ${quoted(name)} is over ${MAX_FIELD_BYTES} bytes`, name);

function decodeUrlEncoded(text: string): TDecodedBody | TBodyRefusal {
  const fields = new Fields();
  for (const [name, value] of new URLSearchParams(text)) {
    const refused = fields.add(name, value, Buffer.byteLength(value));
    if (refused) return refused;
  }
  return { ok: true, kind: "form", value: fields.object() };
}

function decodeMultipart(contentType: string, body: Buffer): Promise<TDecodedBody | TBodyRefusal> {
  return new Promise((resolve) => {
    const fields = new Fields();
    let failed: TBodyRefusal | null = null;
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: { "content-type": contentType },
        // Browsers send field and file names as raw UTF-8.
        defParamCharset: "utf8",
        // One over each limit, so a truncation is seen and refused, not kept.
        limits: {
          fields: MAX_BODY_FIELDS + 1,
          parts: MAX_BODY_FIELDS + 22,
          fieldSize: MAX_FIELD_BYTES,
          fieldNameSize: MAX_FIELD_NAME_BYTES + 1,
        },
      });
    } catch {
      resolve(refuse("MALFORMED_JSON", "multipart/form-data without a boundary"));
      return;
    }
    bb.on("field", (name, value, info) => {
      if (failed) return;
      failed = info.valueTruncated
        ? tooBig(name)
        : fields.add(name, value, Buffer.byteLength(value));
    });
    bb.on("file", (name, stream, info) => {
      let size = 0;
      stream.on("data", (chunk: Buffer) => (size += chunk.length));
      stream.on("end", () => {
        // An empty file input: the browser sends a part with no file name and no bytes.
        if (failed || (size === 0 && !info.filename)) return;
        failed = refuse(
          "UNSUPPORTED_MEDIA_TYPE",
          `File uploads are not accepted (field ${quoted(name)})`,
          name,
        );
      });
    });
    bb.on(
      "fieldsLimit",
      () =>
        (failed ??= refuse(
          "PAYLOAD_TOO_LARGE",
          `A body may have at most ${MAX_BODY_FIELDS} fields`,
        )),
    );
    bb.on(
      "partsLimit",
      () =>
        (failed ??= refuse(
          "PAYLOAD_TOO_LARGE",
          `A body may have at most ${MAX_BODY_FIELDS} fields`,
        )),
    );
    bb.on("error", () =>
      resolve(failed ?? refuse("MALFORMED_JSON", "The multipart body is malformed")),
    );
    bb.on("close", () =>
      resolve(failed ?? { ok: true, kind: "multipart", value: fields.object() }),
    );
    bb.end(body);
  });
}

/** Nesting depth of a parsed value, without recursion (stops counting past the limit). */
function depthOf(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (depth > max) max = depth;
    if (max > MAX_BODY_DEPTH) return max;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return max;
}
