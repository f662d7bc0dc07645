/**
 * Security headers. Pages get a per-request nonce CSP from the proxy
 * (proxy.ts → documentCsp); everything else — the API, Next's static files,
 * the production server's own ingest path (lib/ingest/node-ingest.ts) — gets
 * securityHeaders(): the same hardening headers and a CSP that allows nothing,
 * since a JSON answer or a JS file is never a document that runs code.
 */
const API_CSP = [
  "default-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const COMMON: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** Headers for answers that are not pages (API, static files, ingest). */
export function securityHeaders(): { key: string; value: string }[] {
  return [{ key: "Content-Security-Policy", value: API_CSP }, ...COMMON];
}

/** Headers set on every page next to its CSP (the proxy adds them). */
export function pageSecurityHeaders(): { key: string; value: string }[] {
  return COMMON;
}

/** 16 random bytes, base64: a fresh nonce for one page render. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * A page's CSP. Scripts run only with this render's nonce; Next reads it from
 * the request's CSP header and stamps it on its own inline and bundle scripts,
 * and 'strict-dynamic' lets those load the chunks they need ('self' is only
 * the fallback for browsers without CSP 3). Development adds 'unsafe-eval',
 * which React's dev build needs for its error overlays.
 *
 * Styles keep 'unsafe-inline': components set `style={{ width }}` attributes
 * (charts, bars), and an attribute cannot carry a nonce; a nonce in style-src
 * would also make browsers ignore 'unsafe-inline'. Injected CSS cannot run
 * script, so the XSS protection rests on script-src.
 */
export function documentCsp(nonce: string, isDev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
