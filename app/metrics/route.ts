import { readMetricFamilies } from "@/lib/observability/data";
import { checkMetricsAccess } from "@/lib/observability/metrics-auth";
import { formatMetrics, PROMETHEUS_CONTENT_TYPE } from "@/lib/observability/prometheus";
import { authenticateRequest } from "@/lib/server/api";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";

// Values are read from the database at scrape time: never prerender or cache.
export const dynamic = "force-dynamic";

const TEXT = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };

/**
 * Prometheus scrape endpoint (text format 0.0.4). With METRICS_TOKEN set it
 * answers only `Authorization: Bearer <METRICS_TOKEN>`; without it, an admin
 * (session or API token). Anyone else gets 401 (or 403 for a non-admin).
 */
export async function GET(req: Request): Promise<Response> {
  try {
    const access = await checkMetricsAccess({
      configuredToken: env.METRICS_TOKEN,
      authorization: req.headers.get("authorization"),
      resolveCaller: () => authenticateRequest(req),
    });
    if (!access.ok) {
      return new Response(`${access.message}\n`, {
        status: access.status,
        headers: access.status === 401 ? { ...TEXT, "www-authenticate": "Bearer" } : TEXT,
      });
    }
    const body = formatMetrics(await readMetricFamilies());
    return new Response(body, {
      headers: { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" },
    });
  } catch (err) {
    // A failed scrape shows up as `up == 0` in Prometheus, which is the alert we want.
    logger.error({ err }, "metrics: scrape failed");
    return new Response("metrics unavailable\n", { status: 503, headers: TEXT });
  }
}
