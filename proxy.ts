import { NextResponse, type NextRequest } from "next/server";
import { wantsJson } from "./lib/ingest/forms/wants-json";
import { documentCsp, newNonce, pageSecurityHeaders } from "./lib/server/security-headers";

// Next inlines NODE_ENV when it builds the proxy.
const isDev = process.env.NODE_ENV !== "production";

/**
 * Refuses a path that is not valid percent-encoded UTF-8 (`/api/v1/exceptions/%FF`)
 * with a 400: Next's router throws decoding such a dynamic segment and answers
 * a bare 500 before any route handler runs (found by the fuzz suite).
 */
function malformedPath(api: boolean): Response {
  const detail = "The URL path is not valid percent-encoded UTF-8";
  if (!api) {
    return new Response(detail, {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  return new Response(
    JSON.stringify({
      type: "/problems/malformed-path",
      title: "Malformed path",
      status: 400,
      code: "VALIDATION_FAILED",
      detail,
    }),
    {
      status: 400,
      headers: { "content-type": "application/problem+json", "cache-control": "no-store" },
    },
  );
}

/**
 * Pages: a fresh nonce per request, in the CSP of both the request (Next reads
 * it there and stamps it on every script it renders; the root layout makes
 * every page render per request) and the response. API paths: only the path check.
 */
/** The API, and a website form's fetch/XHR callers (which the form route answers in JSON too). */
function wantsProblem(req: NextRequest): boolean {
  const path = req.nextUrl.pathname;
  return path.startsWith("/api/") || (path.startsWith("/f/") && wantsJson(req.headers));
}

export function proxy(req: NextRequest) {
  const api = req.nextUrl.pathname.startsWith("/api/");
  try {
    decodeURIComponent(req.nextUrl.pathname);
  } catch {
    return malformedPath(wantsProblem(req));
  }
  if (api) return NextResponse.next();
  const nonce = newNonce();
  const csp = documentCsp(nonce, isDev);
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  for (const h of pageSecurityHeaders()) res.headers.set(h.key, h.value);
  return res;
}

// API: the ingest route only when its key is percent-encoded (real keys are
// slugs): a proxy in front of every event would buffer its body (a
// Content-Length larger than the body then hangs instead of a 413). Pages:
// everything but the API and Next's static files, which need no nonce.
export const config = {
  matcher: [
    "/api/v1/((?!sources/[^/]+/events$).+)",
    "/api/v1/sources/([^/]*%[^/]*)/events",
    // Website forms (/f/{key}) answer with their own small pages and headers
    // (lib/ingest/forms): only a percent-encoded key needs the path check.
    "/f/([^/]*%[^/]*)(/.*)?",
    "/((?!api/|f/|_next/static|_next/image|favicon\\.ico$).*)",
  ],
};
