// The production server (`npm start`): one Node http server in front of
// Next. Signed deliveries (`POST /api/v1/sources/{key}/events`) go straight
// to lib/ingest; everything else to Next's request handler. Next's router
// costs ~10 ms a request on a 2-core machine, which would cap ingest near
// 100 events/s; beside it the same ingest code acknowledges thousands a second
// (docs/BENCHMARKS.md). The inline worker still starts from instrumentation.ts
// when Next prepares.
//
//   npm start [-- -p 3000 -H 127.0.0.1]     (PORT and HOST work too)
import http from "node:http";
import { register } from "node:module";
import { parseArgs } from "node:util";

register("./scripts/server-only-hook.mjs", import.meta.url);
// As `next start` does: a production server whatever the shell says, set
// before Next, React or env.ts are loaded (they read it once).
(process.env as Record<string, string>).NODE_ENV = "production";

const { values: args } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const { env } = await import("./lib/server/env");
const { logger } = await import("./lib/server/logger");
const { matchIngestRoute, serveIngest } = await import("./lib/ingest/node-ingest");
const { eventCommitQueue } = await import("./lib/ingest/event-queue");
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
  const sourceKey = matchIngestRoute(req.method, req.url);
  const served = sourceKey !== null ? serveIngest(req, res, sourceKey) : handle(req, res);
  served.catch((err: unknown) => {
    logger.error({ err, url: req.url }, "request failed outside its handler");
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

// Stop taking requests, let the deliveries already gathered commit and be
// answered, then exit. With the inline worker, instrumentation's own handler
// stops the worker and exits too; neither can lose an acknowledged event.
const stop = () => {
  server.close();
  server.closeIdleConnections();
  const deadline = Date.now() + 10_000;
  const wait = () => {
    if (eventCommitQueue().size() === 0 || Date.now() > deadline) {
      if (!env.BATON_INLINE_WORKER) process.exit(0);
      return;
    }
    setTimeout(wait, 20);
  };
  wait();
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
