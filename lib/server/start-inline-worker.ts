import { env } from "./env";

// Loaded once by instrumentation.ts in the Node runtime: starts the worker
// inside the web process unless BATON_INLINE_WORKER=0.
if (env.BATON_INLINE_WORKER) {
  // The worker lives in the engine; importing it lazily keeps lib/server free of
  // a static dependency on a domain folder.
  const { startWorker } = await import("@/lib/engine/worker");
  const worker = startWorker();
  // Refusal counts held in memory are written before the process ends.
  const { flushDeniedAudit } = await import("./audit-denied");
  const stop = () =>
    void Promise.allSettled([worker.stop(), flushDeniedAudit()]).finally(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
