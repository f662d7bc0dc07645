import { env } from "@/lib/server/env";

// Loaded once by the server entry (instrumentation.ts) in the Node runtime:
// starts the worker inside the web process unless BATON_INLINE_WORKER=0.
if (env.BATON_INLINE_WORKER) {
  // Imported only when the worker runs here, so a web process with
  // BATON_INLINE_WORKER=0 never loads the pipeline.
  const { startWorker } = await import("./worker");
  const worker = startWorker();
  // Refusal counts held in memory are written before the process ends.
  const { flushDeniedAudit } = await import("@/lib/server/audit/denied");
  const stop = () =>
    void Promise.allSettled([worker.stop(), flushDeniedAudit()]).finally(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
