import http from "node:http";
import type { AddressInfo } from "node:net";

/** A local HTTP receiver standing in for Slack: records JSON bodies, answers `status`. */
export async function startWebhookReceiver() {
  let status = 200;
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      bodies.push({ contentType: req.headers["content-type"], json: JSON.parse(raw || "null") });
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 200 ? "ok" : "no_service");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/T000/B000`,
    bodies: bodies as { contentType: string; json: { text: string; blocks: unknown[] } }[],
    answer(next: number) {
      status = next;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
