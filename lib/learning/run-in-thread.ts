import path from "node:path";
import { Worker } from "node:worker_threads";
import type { TTrainingConfig, TTrainingExample, TTrainingResult } from "./train-run";

/** Longest a training thread may run before it is stopped (and the version fails). */
export const TRAINING_TIMEOUT_MS = 10 * 60_000;

/** The thread's bootstrap, from the app's root (a runtime path: never bundled). */
const THREAD_ENTRY = ["lib", "learning", "train-thread.mjs"];

/**
 * Runs one training in a worker thread, so a long run never blocks the
 * process's event loop (ingest, the queue, deliveries). The thread's
 * bootstrap (train-thread.mjs) loads the TypeScript entry through tsx.
 */
export function trainInThread(
  examples: TTrainingExample[],
  config: TTrainingConfig,
  timeoutMs = TRAINING_TIMEOUT_MS,
): Promise<TTrainingResult> {
  const root = /* turbopackIgnore: true */ process.cwd();
  const entry = path.join(/* turbopackIgnore: true */ root, THREAD_ENTRY.join("/"));
  // Through an alias: the bundler must not follow `new Worker(…)` into the
  // thread's entry (it loads tsx and the sources at run time, from disk).
  const Thread = Worker;
  return new Promise((resolve, reject) => {
    const worker = new Thread(entry, {
      workerData: { examples, config },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(
        new Error(`Training took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`),
      );
    }, timeoutMs);
    worker.once(
      "message",
      (m: { ok: true; result: TTrainingResult } | { ok: false; error: string }) => {
        clearTimeout(timer);
        void worker.terminate();
        if (m.ok) resolve(m.result);
        else reject(new Error(m.error));
      },
    );
    worker.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    worker.once("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`Training thread exited with code ${code}.`));
    });
  });
}
