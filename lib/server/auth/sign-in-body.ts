/** Larger than any real sign-in form; read twice (here and by next-auth), so kept small. */
const MAX_BYTES = 16_384;

export type TSignInBody =
  { ok: true; email: string } | { ok: false; status: 400 | 413 | 415; message: string };

const refuse = (status: 400 | 413 | 415, message: string): TSignInBody => ({
  ok: false,
  status,
  message,
});

/**
 * The email a credentials sign-in is about, read from the body exactly as
 * next-auth v4 will read it for authorize() (next-auth/next/utils.js getBody):
 * JSON when the Content-Type contains application/json, else URL-encoded when
 * it contains application/x-www-form-urlencoded, tested in that order. A
 * body that two readers could understand differently is refused instead: a
 * repeated form field (URLSearchParams keeps the first, next-auth the last),
 * any other content type (next-auth would see no credentials at all).
 */
export async function readSignInBody(req: Request): Promise<TSignInBody> {
  const type = req.headers.get("content-type") ?? "";
  const isJson = type.includes("application/json");
  if (!isJson && !type.includes("application/x-www-form-urlencoded")) {
    return refuse(415, "Send the credentials as application/x-www-form-urlencoded");
  }
  if (Number(req.headers.get("content-length") ?? "0") > MAX_BYTES) {
    return refuse(413, `The sign-in body is over ${MAX_BYTES} bytes`);
  }
  const text = await req.clone().text();
  if (Buffer.byteLength(text) > MAX_BYTES) {
    return refuse(413, `The sign-in body is over ${MAX_BYTES} bytes`);
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
