import { readTextWithin } from "../read-body";

/** Larger than any real sign-in or sign-out form. */
const MAX_BYTES = 16_384;

export type TSignInBody =
  { ok: true; email: string } | { ok: false; status: 400 | 413 | 415; message: string };

const refuse = (status: 400 | 413 | 415, message: string): TSignInBody => ({
  ok: false,
  status,
  message,
});

/**
 * The body of any POST to next-auth, read once and never past MAX_BYTES,
 * also when it is chunked and has no Content-Length (reading it whole first
 * let one unauthenticated request buffer gigabytes). next-auth is then
 * handed a copy with exactly this text, so both read the same bytes.
 */
export async function readAuthBody(
  req: Request,
): Promise<{ ok: true; text: string } | { ok: false; status: 413; message: string }> {
  const text = await readTextWithin(req, MAX_BYTES);
  if (text === null)
    return { ok: false, status: 413, message: `The body is over ${MAX_BYTES} bytes` };
  return { ok: true, text };
}

/**
 * The email a credentials sign-in is about, read from the body text exactly
 * as next-auth v4 will read it for authorize() (next-auth/next/utils.js
 * getBody): JSON when the Content-Type contains application/json, else
 * URL-encoded when it contains application/x-www-form-urlencoded, tested in
 * that order. A body that two readers could understand differently is
 * refused instead: a repeated form field (URLSearchParams keeps the first,
 * next-auth the last), any other content type (next-auth would see no
 * credentials at all).
 */
export function readSignInEmail(contentType: string | null, text: string): TSignInBody {
  const type = contentType ?? "";
  const isJson = type.includes("application/json");
  if (!isJson && !type.includes("application/x-www-form-urlencoded")) {
    return refuse(415, "Send the credentials as application/x-www-form-urlencoded");
  }
  if (isJson) {
    let value: unknown;
    try {
      // The same JSON.parse as req.json(): a repeated key means the last, for both.
      value = JSON.parse(text);
    } catch {
      return refuse(400, "The sign-in body is not valid JSON");
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return refuse(400, "The sign-in body must be a JSON object");
    }
    const email = (value as Record<string, unknown>).email;
    return { ok: true, email: typeof email === "string" ? email : "" };
  }
  const params = new URLSearchParams(text);
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) return refuse(400, `The field "${key.slice(0, 40)}" is sent more than once`);
    seen.add(key);
  }
  return { ok: true, email: params.get("email") ?? "" };
}
