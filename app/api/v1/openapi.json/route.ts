import { getOpenApiDocument } from "@/lib/openapi/document";

// Public on purpose: the document describes the API, it holds no data, and
// clients generate code from it before they have a token.
export function GET(): Response {
  return Response.json(getOpenApiDocument(), {
    headers: { "cache-control": "public, max-age=300" },
  });
}
