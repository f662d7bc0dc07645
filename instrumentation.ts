/**
 * Next.js start-up hook. On the embedded default (`npm start`), the job
 * worker runs inside the web process; set BATON_INLINE_WORKER=0 to run web
 * and workers as separate processes (`npm run worker`).
 */
export async function register() {
  // NEXT_RUNTIME is Next's own switch, not configuration: the worker needs Node,
  // and this guard keeps the Node-only module out of the Edge bundle.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./lib/engine/start-inline-worker");
  }
}
