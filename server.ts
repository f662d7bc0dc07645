// The production server (`npm start`): one Node http server in front of
// Next. Signed deliveries (`POST /api/v1/sources/{key}/events`) go straight
// to lib/ingest; everything else to Next's request handler. Next's router
// costs ~10 ms a request on a 2-core machine, which would cap ingest near
// 100 events/s; beside it the same ingest code acknowledges thousands a second
// (docs/BENCHMARKS.md).
//
// The job worker: by default a child process this server starts, watches and
// restarts (`scripts/worker.ts`): planning a batch of events is CPU work that,
// inside the web process, made acknowledgements wait behind it. Set
// BATON_INLINE_WORKER=1 to run it inside this process instead (started by
// instrumentation.ts when Next prepares), or BATON_INLINE_WORKER=0 for none
// (scale-out: `npm run worker` elsewhere).
//
//   npm start [-- -p 3000 -H 127.0.0.1]     (PORT and HOST work too)
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { register } from "node:module";
import { parseArgs } from "node:util";

register("./scripts/server-only-hook.mjs", import.meta.url);
// As `next start` does: a production server whatever the shell says, set
// before Next, React or env.ts are loaded (they read it once).
(process.env as Record<string, string>).NODE_ENV = "production";

// Decided before env.ts is loaded (it reads the variable once): unset means
// "a worker process of our own", so this process must not start one inline.
const ownWorker = process.env.BATON_INLINE_WORKER === undefined;
if (ownWorker) process.env.BATON_INLINE_WORKER = "0";
// Read by the SQLite connection (lib/server/sqlite-handle.ts): a web process
// whose worker runs apart leaves WAL checkpoints to that worker.
process.env.BATON_PROCESS = "web";
// Tells clientIp() (lib/server/auth/client-ip.ts) that the x-baton-client-ip
// header comes from this server (stampClientIp below), not from the client.
process.env.BATON_STAMPS_CLIENT_IP = "1";

const { values: args } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const { env } = await import("./lib/server/env");
const { logger } = await import("./lib/server/logger");
const { matchIngestRoute, serveIngest, startIngestHeartbeat } =
  await import("./lib/ingest/node-ingest");
const { eventCommitQueue } = await import("./lib/ingest/event-queue");
const { flushRejectionCounts } = await import("./lib/ingest/rejections");
const { flushDeniedAudit } = await import("./lib/server/audit/denied");
const { stampClientIp } = await import("./lib/server/auth/client-ip");
const { default: next } = await import("next");

const port = args.port !== undefined ? Number(args.port) : env.PORT;
const hostname = args.hostname ?? env.HOST;
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  throw new Error(`-p must be a port number (got "${args.port}")`);
}

const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  stampClientIp(req);
  const sourceKey = matchIngestRoute(req.method, req.url);
  const served = sourceKey !== null ? serveIngest(req, res, sourceKey) : handle(req, res);
  served.catch((err: unknown) => {
    // The path only: a URL-token source's token rides in the query or the path.
    const path = sourceKey !== null ? `ingest:${sourceKey}` : req.url?.split("?")[0];
    logger.error({ err, path }, "request failed outside its handler");
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end();
  });
});
// Senders keep connections open between deliveries; outlive a typical
// client's idle timeout so they are not cut mid-reuse.
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => {
  console.log(`▲ Baton ready on http://${hostname ?? "0.0.0.0"}:${port}`);
});
// The ingest path's heartbeat row (issue #19), removed on a clean stop.
const ingestHeartbeat = startIngestHeartbeat();
// Inbound email in this process, beside the HTTP ingest path: Baton's SMTP
// listener (BATON_SMTP_PORT) and the IMAP mailbox pollers (lib/ingest/email/start.ts).
const { startEmailIntake } = await import("./lib/ingest/email/start");
const stopEmailIntake = await startEmailIntake();

// The worker process: same environment, restarted (after a pause) if it dies;
// it shares this process group, so a kill of the group stops both.
let worker: ChildProcess | null = null;
let stopping = false;
const startWorkerProcess = () => {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"],
    {
      cwd: import.meta.dirname,
      env: { ...process.env, BATON_PROCESS: "worker" },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  child.once("exit", (code, signal) => {
    worker = null;
    if (stopping) return;
    logger.error({ code, signal }, "worker process exited; restarting it in 1 s");
    setTimeout(() => {
      if (!stopping) worker = startWorkerProcess();
    }, 1000);
  });
  return child;
};
if (ownWorker) worker = startWorkerProcess();

// Stop taking requests, let the deliveries already gathered commit and be
// answered, then stop the worker (it finishes the jobs in hand) and exit.
// With the inline worker, instrumentation's own handler stops the worker and
// exits too; none of these can lose an acknowledged event.
const stop = () => {
  stopping = true;
  server.close();
  // No new mail is taken; what was answered 250 is committed already.
  void stopEmailIntake();
  server.closeIdleConnections();
  const deadline = Date.now() + 10_000;
  const wait = () => {
    if (eventCommitQueue().size() === 0 || Date.now() > deadline) {
      // Refused deliveries are counted in memory and written every few seconds.
      // So are repeated access refusals (lib/server/audit/refusals.ts), written per minute.
      void Promise.allSettled([
        flushRejectionCounts(),
        flushDeniedAudit(),
        ingestHeartbeat.stop({ remove: true }),
      ]).then(() => {
        if (worker) {
          worker.once("exit", () => process.exit(0));
          worker.kill("SIGTERM");
        } else if (!env.BATON_INLINE_WORKER) process.exit(0);
      });
      return;
    }
    setTimeout(wait, 20);
  };
  wait();
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
