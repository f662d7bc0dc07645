/**
 * The small HTML pages a person sees after posting a form without
 * JavaScript: plain, self-contained (no script, inline CSS only), in the
 * language of the form's visitors' browser chrome (English for now).
 */

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

// Nothing runs, nothing loads, the page cannot be framed or post anywhere.
export const FORM_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;color:#1e293b;background:#f8fafc;margin:0}
main{max-width:34rem;margin:12vh auto;padding:2rem;background:#fff;border:1px solid #e2e8f0;border-radius:12px}
h1{font-size:1.35rem;margin:0 0 .75rem}ul{padding-left:1.25rem}a{color:#1d4ed8}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

// Browsers send a cross-origin Referer as the site's origin only (the default
// strict-origin-when-cross-origin policy), so the link may lead to the home
// page: the Back button, which keeps what was typed, is named first.
const back = (href: string | null) =>
  href
    ? `<p>Use your browser's Back button to return to the form, or <a href="${esc(href)}">go back to the site</a>.</p>`
    : "<p>Use your browser's Back button to return to the form.</p>";

export function thanksPage(): string {
  return page("Thank you", "<p>Your message was received.</p>");
}

/** 422: the required fields left empty, named as the form names them. */
export function missingFieldsPage(missing: string[], backHref: string | null): string {
  const items = missing.map((m) => `<li><code>${esc(m)}</code></li>`).join("");
  return page(
    "Some required fields are empty",
    `<p>Please fill in ${missing.length === 1 ? "this field" : "these fields"} and send the form again:</p><ul>${items}</ul>${back(backHref)}`,
  );
}

/** 403: the page the form was posted from is not one of the source's sites. */
export function originRefusedPage(origin: string | null): string {
  const from = origin
    ? `from <code>${esc(origin)}</code>`
    : "from a page that did not say where it is";
  return page(
    "This form cannot be sent from here",
    `<p>The form was posted ${from}, which is not one of the sites allowed to use it. If this is your site, add it to the form's allowed origins in Baton.</p>`,
  );
}

export function rateLimitedPage(retryAfterSeconds: number, backHref: string | null): string {
  return page(
    "Too many submissions",
    `<p>This form has received too many submissions just now. Please try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.</p>${back(backHref)}`,
  );
}

/** Any other refusal: a title and a sentence, never internals. */
export function problemPage(title: string, message: string, backHref: string | null): string {
  return page(title, `<p>${esc(message)}</p>${back(backHref)}`);
}

function pageResponse(status: number, body: string, extra: Record<string, string> = {}) {
  return new Response(body, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": FORM_PAGE_CSP,
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      ...extra,
    },
  });
}

/** `GET /f/{key}/thanks`. */
export function thanksResponse(): Response {
  return pageResponse(200, thanksPage(), { "cache-control": "public, max-age=3600" });
}

/** `GET /f/{key}`: the address is for posting a form to; 405 with Allow. */
export function formEndpointInfo(): Response {
  return pageResponse(
    405,
    problemPage(
      "This address receives a form",
      'Point a form\'s action here with method="post"; opening it in a browser does nothing.',
      null,
    ),
    { allow: "POST, OPTIONS" },
  );
}
