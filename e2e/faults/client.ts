import fs from "node:fs";
import net from "node:net";
import { storageState, type TRoleName } from "../helpers";

/**
 * A raw HTTP client for the fault suites: node's fetch, so a test controls the
 * exact bytes and headers sent, and reads only the status of a stream (an SSE
 * answer would otherwise never end). Sessions come from the setup project's
 * storage states; "anon" sends no cookie.
 */
export type TCaller = TRoleName | "anon";
export const CALLERS: TCaller[] = ["anon", "agent", "manager", "admin"];

const cookies = new Map<TCaller, string>();
export function cookieHeader(who: TCaller): string {
  if (who === "anon") return "";
  let c = cookies.get(who);
  if (c === undefined) {
    const state = JSON.parse(fs.readFileSync(storageState(who), "utf8")) as {
      cookies: { name: string; value: string }[];
    };
    c = state.cookies.map((k) => `${k.name}=${k.value}`).join("; ");
    cookies.set(who, c);
  }
  return c;
}

export type TAnswer = { status: number; contentType: string; text: string; location: string };

export async function call(
  baseURL: string,
  opts: {
    who?: TCaller;
    method: string;
    path: string;
    body?: string | Uint8Array;
    headers?: Record<string, string>;
    timeoutMs?: number;
  },
): Promise<TAnswer> {
  const headers: Record<string, string> = { ...opts.headers };
  const cookie = cookieHeader(opts.who ?? "anon");
  if (cookie && !Object.keys(headers).some((h) => h.toLowerCase() === "cookie"))
    headers.cookie = cookie;
  const send = () =>
    fetch(new URL(opts.path, baseURL), {
      method: opts.method.toUpperCase(),
      headers,
      body:
        typeof opts.body === "string" || opts.body === undefined
          ? opts.body
          : Buffer.from(opts.body),
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
    });
  let res: Response;
  try {
    res = await send();
  } catch (e) {
    // A kept-alive socket the server closed while idle fails the next request
    // before it is sent (undici's keep-alive race): send it once more. A
    // server that is really down fails again, with the cause.
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    try {
      res = await send();
    } catch (again) {
      const c = (again as { cause?: { code?: string; message?: string } }).cause ?? cause;
      throw new Error(
        `${opts.method.toUpperCase()} ${opts.path.slice(0, 200)}: ${String(again)} (${c?.code ?? c?.message ?? "no cause"})`,
      );
    }
  }
  const contentType = res.headers.get("content-type") ?? "";
  let text = "";
  if (contentType.includes("text/event-stream")) await res.body?.cancel();
  else text = await res.text();
  return { status: res.status, contentType, text, location: res.headers.get("location") ?? "" };
}

export type TParam = { name: string; in: string; required?: boolean; schema?: TSchema };
export type TSchema = Record<string, unknown>;
export type TOperation = {
  method: string;
  path: string;
  operationId: string;
  permission: string | null;
  parameters: TParam[];
  bodySchema: TSchema | null;
  streams: boolean;
};
export type TDocument = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, TSchema> };
};

/** Every operation of the running server's OpenAPI document: the source of truth. */
export async function loadOperations(baseURL: string) {
  const res = await call(baseURL, { method: "GET", path: "/api/v1/openapi.json" });
  if (res.status !== 200) throw new Error(`openapi.json answered ${res.status}`);
  const doc = JSON.parse(res.text) as TDocument;
  const ops: TOperation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const body = (op.requestBody as { content?: Record<string, { schema: TSchema }> })?.content?.[
        "application/json"
      ]?.schema;
      const responses = JSON.stringify(op.responses ?? {});
      ops.push({
        method,
        path,
        operationId: String(op.operationId),
        permission: (op["x-permission"] as string | undefined) ?? null,
        parameters: (op.parameters as TParam[] | undefined) ?? [],
        bodySchema: body ? resolve(doc, body) : null,
        streams: responses.includes("text/event-stream"),
      });
    }
  }
  return { doc, ops };
}

/** Inlines `$ref`s (one level deep per visit; cycles stop at a free-form object). */
export function resolve(doc: TDocument, schema: TSchema, seen = new Set<string>()): TSchema {
  const ref = schema.$ref as string | undefined;
  if (ref) {
    const name = ref.split("/").at(-1)!;
    if (seen.has(name)) return { type: "object" };
    return resolve(doc, doc.components.schemas[name] ?? {}, new Set([...seen, name]));
  }
  const out: TSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties as Record<string, TSchema>).map(([k, v]) => [
        k,
        resolve(doc, v, seen),
      ]),
    );
  }
  if (schema.items) out.items = resolve(doc, schema.items as TSchema, seen);
  for (const k of ["anyOf", "oneOf", "allOf"])
    if (Array.isArray(schema[k]))
      out[k] = (schema[k] as TSchema[]).map((s) => resolve(doc, s, seen));
  return out;
}

/** An id nobody has: a guessed id must be "not found", never someone's data. */
export const missingId = () => `fault${Math.random().toString(36).slice(2, 12)}`;

/**
 * Real values for path parameters, found by listing the collection the
 * parameter belongs to as an admin: `/api/v1/exceptions/{id}/actions` takes an
 * id from `GET /api/v1/exceptions`, `{sourceKey}` a source's `key`.
 */
export async function realParams(baseURL: string, ops: TOperation[]) {
  const values = new Map<string, string>();
  for (const op of ops) {
    for (const p of op.parameters.filter((x) => x.in === "path")) {
      const collection = op.path.slice(0, op.path.indexOf(`{${p.name}}`) - 1);
      const cacheKey = `${collection}|${p.name}`;
      if (values.has(cacheKey)) continue;
      const list = ops.find((o) => o.method === "get" && o.path === collection);
      if (!list) continue;
      const res = await call(baseURL, { who: "admin", method: "GET", path: collection });
      if (res.status !== 200) continue;
      const json = JSON.parse(res.text) as unknown;
      const rows = (Array.isArray(json) ? json : (json as { data?: unknown[] }).data) ?? [];
      const row = rows[0] as Record<string, unknown> | undefined;
      if (!row) continue;
      const v = row[p.name] ?? (p.name.endsWith("Key") ? row.key : undefined) ?? row.id;
      if (typeof v === "string") values.set(cacheKey, v);
    }
  }
  return (op: TOperation, mode: "real" | "missing") =>
    op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const collection = op.path.slice(0, op.path.indexOf(`{${name}}`) - 1);
      const v = mode === "real" ? values.get(`${collection}|${name}`) : undefined;
      return encodeURIComponent(v ?? missingId());
    });
}

/**
 * One request over a raw socket, for what fetch refuses to send: a
 * Content-Length that lies, a header repeated on its own line. Answers the
 * status and the body as text (status 0 when the server closed without a word).
 */
export function rawRequest(
  baseURL: string,
  opts: { method: string; path: string; headers: [string, string][]; body: string },
  timeoutMs = 15_000,
): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve) => {
    let data = "";
    const socket = net.connect(Number(port), hostname);
    const done = () => {
      socket.destroy();
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, text: data.split("\r\n\r\n").slice(1).join("\r\n\r\n") });
    };
    socket.setTimeout(timeoutMs, done);
    socket.on("data", (c) => (data += c.toString("utf8")));
    socket.on("end", done);
    socket.on("error", done);
    const head = [
      `${opts.method} ${opts.path} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      "Connection: close",
      ...opts.headers.map(([k, v]) => `${k}: ${v}`),
    ].join("\r\n");
    socket.write(`${head}\r\n\r\n${opts.body}`);
  });
}
