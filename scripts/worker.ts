// A worker on its own (scale-out): `npm run worker`. Any number may run
// against one database; set BATON_INLINE_WORKER=0 on the web processes.
import os from "node:os";
import { startWorker } from "../lib/engine/worker";
import { env } from "../lib/server/env";
import { logger } from "../lib/server/logger";

// Below the web process's priority (BATON_WORKER_NICE, default 10): on a
// busy machine acknowledging a delivery comes before planning one already
// stored, which only has to finish within its deadline.
if (env.BATON_WORKER_NICE > 0) {
  try {
    os.setPriority(Math.max(os.getPriority(), env.BATON_WORKER_NICE));
  } catch (err) {
    logger.warn({ err }, "could not lower the worker's priority");
  }
}

const worker = startWorker();
const stop = (signal: string) => {
  console.log(`${signal}: finishing the jobs in hand…`);
  void worker.stop().then(() => process.exit(0));
};
process.once("SIGTERM", () => stop("SIGTERM"));
process.once("SIGINT", () => stop("SIGINT"));
