/**
 * A request body as text, never buffering past `maxBytes`: a chunked body has
 * no Content-Length, so the limit is counted while reading. Null when the body
 * is over the limit (the rest is not read).
 */
export async function readTextWithin(req: Request, maxBytes: number): Promise<string | null> {
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
