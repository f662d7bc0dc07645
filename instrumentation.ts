/**
 * Next.js start-up hook. On the embedded default (`npm start`), the job
 * worker runs inside the web process; set BATON_INLINE_WORKER=0 to run web
 * and workers as separate processes (`npm run worker`).
 */
export async function register() {
  // NEXT_RUNTIME is Next's own switch, not configuration: the worker needs Node.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./lib/server/env");
  if (!env.BATON_INLINE_WORKER) return;
  const { startWorker } = await import("./lib/engine/worker");
  const worker = startWorker();
  const stop = () => void worker.stop().finally(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
