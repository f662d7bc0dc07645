import { env } from "./env";

// Loaded once by instrumentation.ts in the Node runtime: starts the worker
// inside the web process unless BATON_INLINE_WORKER=0.
if (env.BATON_INLINE_WORKER) {
  // The worker lives in the engine; importing it lazily keeps lib/server free of
  // a static dependency on a domain folder.
  const { startWorker } = await import("@/lib/engine/worker");
  const worker = startWorker();
  const stop = () => void worker.stop().finally(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
