import { readMetricFamilies } from "@/lib/observability/data";
import { formatMetrics, PROMETHEUS_CONTENT_TYPE } from "@/lib/observability/prometheus";
import { logger } from "@/lib/server/logger";

// Values are read from the database at scrape time: never prerender or cache.
export const dynamic = "force-dynamic";

/**
 * Prometheus scrape endpoint (text format 0.0.4).
 *
 * Public for now: it exposes operational counts (source and destination keys,
 * queue depth), no payloads or personal data. In production keep it off the
 * public internet — reachable only from the monitoring network (reverse proxy
 * rule), or behind a bearer token once one is configured for scrapers.
 */
export async function GET(): Promise<Response> {
  try {
    const body = formatMetrics(await readMetricFamilies());
    return new Response(body, {
      headers: { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" },
    });
  } catch (err) {
    // A failed scrape shows up as `up == 0` in Prometheus, which is the alert we want.
    logger.error({ err }, "metrics: scrape failed");
    return new Response("metrics unavailable\n", {
      status: 503,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
}
