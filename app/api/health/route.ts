import { checkHealth } from "@/lib/observability/health";
import { logger } from "@/lib/server/logger";

// Every probe must reach the database: never prerender or cache this route.
export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/**
 * Liveness and readiness for load balancers. Public on purpose (a probe has no
 * credentials) and it reveals counts, ages and each intake channel's state
 * (mailbox ids, source keys, last error; no host names or pids). 200 "ok" or "degraded",
 * 503 "down" when the database is unreachable; never a 500.
 */
export async function GET(): Promise<Response> {
  try {
    const { httpStatus, body } = await checkHealth();
    return Response.json(body, { status: httpStatus, headers: NO_STORE });
  } catch (err) {
    // checkHealth does not throw; this guard keeps a future bug from becoming a 500.
    logger.error({ err }, "health: check failed unexpectedly");
    return Response.json(
      {
        status: "down",
        database: { ok: false, latencyMs: null },
        worker: null,
        queue: null,
        stuckJob: null,
        channels: [],
      },
      { status: 503, headers: NO_STORE },
    );
  }
}
