import { NextResponse, type NextRequest } from "next/server";

/**
 * Refuses a REST path that is not valid percent-encoded UTF-8 (`/api/v1/exceptions/%FF`)
 * with a 400 problem: Next's router throws decoding such a dynamic segment and
 * answers a bare 500 before any route handler runs (found by the fuzz suite).
 */
export function proxy(req: NextRequest) {
  try {
    decodeURIComponent(req.nextUrl.pathname);
    return NextResponse.next();
  } catch {
    return new Response(
      JSON.stringify({
        type: "/problems/malformed-path",
        title: "Malformed path",
        status: 400,
        code: "VALIDATION_FAILED",
        detail: "The URL path is not valid percent-encoded UTF-8",
      }),
      { status: 400, headers: { "content-type": "application/problem+json" } },
    );
  }
}

// The ingest route only when its key is percent-encoded (real keys are slugs):
// a proxy in front of every event would buffer its body (a Content-Length
// larger than the body then hangs instead of a 413).
export const config = {
  matcher: ["/api/v1/((?!sources/[^/]+/events$).+)", "/api/v1/sources/([^/]*%[^/]*)/events"],
};
