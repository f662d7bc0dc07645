import { thanksResponse } from "@/lib/ingest/forms/pages";

/** Baton's own thank-you page, where a form without a thank-you address lands (303). */
export function GET() {
  return thanksResponse();
}
