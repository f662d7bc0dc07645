// A worker on its own (scale-out): `npm run worker`. Any number may run
// against one database; set BATON_INLINE_WORKER=0 on the web processes.
import { startWorker } from "../lib/engine/worker";

const worker = startWorker();
const stop = (signal: string) => {
  console.log(`${signal}: finishing the jobs in hand…`);
  void worker.stop().then(() => process.exit(0));
};
process.once("SIGTERM", () => stop("SIGTERM"));
process.once("SIGINT", () => stop("SIGINT"));
