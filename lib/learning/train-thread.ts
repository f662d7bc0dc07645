/**
 * The entry of a training thread (node:worker_threads): trains one version
 * from plain data and posts the result back. The worker's event loop keeps
 * planning events and delivering while the CPU-bound training runs here.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runTraining, type TTrainingConfig, type TTrainingExample } from "./train-run";

const { examples, config } = workerData as {
  examples: TTrainingExample[];
  config: TTrainingConfig;
};
try {
  parentPort?.postMessage({ ok: true, result: runTraining(examples, config) });
} catch (e) {
  parentPort?.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
}
