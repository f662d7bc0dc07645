/**
 * Headers on every answer: the Next config applies them to its routes, and
 * the production server's own ingest path (lib/ingest/node-ingest.ts) sends
 * the same set, so both kinds of answer look alike.
 *
 * Next injects inline bootstrap scripts, so script-src needs 'unsafe-inline'
 * unless every page carries a per-request nonce; everything else is locked to
 * this origin. frame-ancestors 'none' forbids framing (clickjacking).
 */
export function securityHeaders(isDev: boolean): { key: string; value: string }[] {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  ];
}
