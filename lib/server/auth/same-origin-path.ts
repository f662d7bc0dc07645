/**
 * A redirect target the caller sent (sign-in's `callbackUrl`) as a path on
 * `base`'s origin, or null when it would leave it. Parsed with the WHATWG URL
 * parser, the one browsers use, so every trick a browser honours is seen as
 * the browser sees it: backslashes read as slashes, tabs and newlines dropped,
 * `//host` and `https:host` as other hosts, `javascript:` as an opaque origin.
 * No Node or Next imports: the sign-in form runs it in the browser too.
 */
export function sameOriginPath(value: unknown, base: string): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return null;
  let origin: string;
  let url: URL;
  try {
    origin = new URL(base).origin;
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (origin === "null" || url.origin !== origin) return null;
  // `/.//evil` parses to the path `//evil`: same origin here, but handed on as
  // a path it is a network-path reference to another host.
  if (url.pathname.startsWith("//")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
