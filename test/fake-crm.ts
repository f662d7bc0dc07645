import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake CRM on 127.0.0.1 with its own in-memory contacts, for record
 * write-back tests (vitest and the e2e process). It honours Idempotency-Key
 * (a repeated key gets the first answer, not a second effect) and misbehaves
 * on demand:
 * - "ok": POST /contacts creates (201), PATCH /contacts/:id applies (200);
 * - "drop": answers 200/201 as if it applied the change but keeps the old values;
 * - "fail_after_apply": applies the write, then answers 503 (once), as a CRM
 *   whose answer is lost;
 * - "down": 503 for everything.
 * `state` is the CRM's truth; tests edit it to simulate a change made downstream.
 */
export type TCrmMode = "ok" | "drop" | "fail_after_apply" | "down";

export type TContact = Record<string, unknown> & { id: string };

export async function startFakeCrm(opts: { token?: string; port?: number } = {}) {
  let mode: TCrmMode = "ok";
  let nextId = 1;
  const state = new Map<string, TContact>();
  const requests: { method: string; path: string; key: string; auth: string; status: number }[] =
    [];
  const answers = new Map<string, { status: number; body: string }>();
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const method = req.method ?? "GET";
      const path = (req.url ?? "/").split("?")[0];
      const key = String(req.headers["idempotency-key"] ?? "");
      const auth = String(req.headers.authorization ?? "");
      const answer = (status: number, body: unknown) => {
        const json = JSON.stringify(body);
        requests.push({ method, path, key, auth, status });
        if (key && method !== "GET" && status < 500)
          answers.set(`${method} ${path} ${key}`, { status, body: json });
        res.writeHead(status, { "content-type": "application/json" });
        res.end(json);
      };
      if (opts.token && auth !== `Bearer ${opts.token}`)
        return answer(401, { error: "unauthorized" });
      if (mode === "down") return answer(503, { error: "maintenance" });
      const seen = key && method !== "GET" ? answers.get(`${method} ${path} ${key}`) : undefined;
      if (seen) {
        requests.push({ method, path, key, auth, status: seen.status });
        res.writeHead(seen.status, {
          "content-type": "application/json",
          "idempotent-replay": "true",
        });
        return res.end(seen.body);
      }
      let body: Record<string, unknown> = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        return answer(400, { error: "invalid json" });
      }
      const failAfter = mode === "fail_after_apply";
      if (failAfter) mode = "ok";
      const lost = (status: number, value: unknown) => {
        if (!failAfter) return answer(status, value);
        // Applied and remembered for the key, but the answer is lost this once.
        answers.set(`${method} ${path} ${key}`, { status, body: JSON.stringify(value) });
        requests.push({ method, path, key, auth, status: 503 });
        res.writeHead(503, { "content-type": "application/json" });
        res.end('{"error":"upstream timeout"}');
      };
      const m = /^\/contacts\/([^/]+)$/.exec(path);
      if (method === "POST" && path === "/contacts") {
        const id = `c_${nextId++}`;
        const contact = { ...(mode === "drop" ? {} : body), id };
        state.set(id, contact);
        return lost(201, { ...body, id });
      }
      if (m && (method === "PATCH" || method === "PUT")) {
        const id = decodeURIComponent(m[1]);
        const found = state.get(id);
        if (!found) return answer(404, { error: "no such contact" });
        if (mode !== "drop")
          state.set(id, method === "PUT" ? { ...body, id } : { ...found, ...body, id });
        return lost(200, { ...found, ...body, id });
      }
      if (m && method === "GET") {
        const found = state.get(decodeURIComponent(m[1]));
        return found ? answer(200, found) : answer(404, { error: "no such contact" });
      }
      return answer(404, { error: "no route" });
    });
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    setMode(m: TCrmMode) {
      mode = m;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
