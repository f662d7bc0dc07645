import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "@/lib/server/errors";
import { buildOpenApiDocument } from "./document";

type TJson = Record<string, unknown>;
const doc = buildOpenApiDocument() as TJson & {
  paths: Record<string, Record<string, TJson>>;
  components: { schemas: Record<string, TJson> };
};
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const API_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");

type TRoute = { path: string; method: string; permission: string | null; file: string };

/** Every exported handler under app/api/v1, with the permission its withApi names. */
function routesOnDisk(): TRoute[] {
  const files = fs
    .readdirSync(API_DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts");
  return files.flatMap((file) => {
    const dir = path
      .dirname(file)
      .split(path.sep)
      .filter((s) => s !== ".");
    const urlPath = `/api/v1/${dir.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
    const source = fs.readFileSync(path.join(API_DIR, file), "utf8");
    // One chunk per export, so each handler is matched with its own permission.
    return source.split(/^export /m).flatMap((chunk) => {
      const m = /^(?:const|async function|function) (\w+)\b/.exec(chunk);
      const method = m?.[1];
      if (!method || !(METHODS as readonly string[]).includes(method)) return [];
      const permission = /permission:\s*"([\w:-]+)"/.exec(chunk)?.[1] ?? null;
      return [{ path: urlPath, method: method.toLowerCase(), permission, file }];
    });
  });
}

/** Resolves a local JSON pointer ("#/components/schemas/User") in the document. */
function resolvePointer(ref: string): unknown {
  return ref
    .slice(2)
    .split("/")
    .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, key) => (node as TJson | undefined)?.[key], doc);
}

function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

describe("OpenAPI document", () => {
  it("is an OpenAPI 3.1 document whose every operation has responses", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const ids = new Set<string>();
    for (const [p, item] of Object.entries(doc.paths)) {
      // The website-form endpoint is public and short on purpose (`/f/{key}`, app/f).
      expect(p).toMatch(/^\/(api\/v1|f)\//);
      for (const op of Object.values(item)) {
        expect(Object.keys(op.responses as TJson).length).toBeGreaterThan(0);
        expect(op["x-required-role"]).toMatch(/^(none|AGENT|MANAGER|ADMIN)$/);
        expect(ids.has(op.operationId as string)).toBe(false);
        ids.add(op.operationId as string);
      }
    }
  });

  it("resolves every $ref", () => {
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\//);
      expect(resolvePointer(ref), ref).toBeTypeOf("object");
    }
  });

  it("documents every route under app/api/v1 with the permission the route checks", () => {
    const routes = routesOnDisk();
    expect(routes.length).toBeGreaterThanOrEqual(14);
    for (const r of routes) {
      const op = doc.paths[r.path]?.[r.method];
      expect(op, `${r.method.toUpperCase()} ${r.path} (${r.file}) is not documented`).toBeDefined();
      if (r.permission) expect(op!["x-permission"], r.file).toBe(r.permission);
      else expect(op!.security, `${r.file} is public`).toEqual([]);
    }
    // And nothing documented that no route serves.
    const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const [p, item] of Object.entries(doc.paths)) {
      // Served from app/f, outside this scan (lib/ingest/forms/openapi.test.ts checks it).
      if (p.startsWith("/f/")) continue;
      for (const method of Object.keys(item)) expect(served).toContain(`${method} ${p}`);
    }
  });

  it("takes request bodies from the routes' zod schemas and problems from the error list", () => {
    const { schemas } = doc.components;
    expect(schemas.CreateSource).toMatchObject({
      type: "object",
      required: ["key", "name"],
      properties: { key: { pattern: expect.any(String) }, maxBodyBytes: { minimum: 1024 } },
    });
    // Input types: a defaulted field is optional for the caller.
    expect(schemas.RotateSourceSecret).toMatchObject({
      properties: { overlapMinutes: { default: 60 } },
    });
    expect(schemas.RotateSourceSecret.required).toBeUndefined();
    const codes = (schemas.Problem.properties as Record<string, TJson>).code.enum;
    expect(codes).toEqual(Object.keys(ERROR_CODES));
    expect(JSON.stringify(schemas)).not.toContain('"$schema"');
  });

  it("documents the queue's filters, action bodies and stale-version conflicts", () => {
    const paramsOf = (p: string) =>
      (doc.paths[p].get.parameters as TJson[]).filter((x) => x.in === "query");
    const list = paramsOf("/api/v1/exceptions");
    expect(list.map((p) => p.name)).toEqual(
      // prettier-ignore
      ["status", "reason", "workflowId", "sourceId", "ownerId", "teamId", "sla", "age",
        "createdFrom", "createdBefore", "q", "sort", "dir", "cursor", "limit", "page", "perPage"],
    );
    // A URL carries one comma-separated string, not an array.
    expect(list.find((p) => p.name === "reason")!.schema).toMatchObject({ type: "string" });
    expect(list.find((p) => p.name === "ownerId")!.description).toContain("`me`");
    expect(paramsOf("/api/v1/handoffs").map((p) => p.name)).toEqual([
      "owner",
      "view",
      "page",
      "perPage",
      "sort",
      "dir",
    ]);
    // Every list a page sorts, the API sorts the same way, from the same whitelist.
    for (const path of [
      "/api/v1/users",
      "/api/v1/sources",
      "/api/v1/destinations",
      "/api/v1/teams",
      "/api/v1/workflows",
    ]) {
      const sort = paramsOf(path).find((p) => p.name === "sort");
      expect(sort?.schema, path).toMatchObject({ enum: expect.any(Array) });
    }

    const { schemas } = doc.components;
    for (const name of ["ExceptionAction", "HandoffAction"]) {
      for (const v of schemas[name].oneOf as TJson[]) expect(v.required, name).toContain("version");
    }
    for (const v of schemas.BulkRequest.oneOf as TJson[]) {
      expect(v.properties).toMatchObject({
        ids: { type: "array" },
        filter: { $ref: "#/components/schemas/ExceptionFilter" },
        dryRun: { default: false },
      });
      expect(v.properties).not.toHaveProperty("version");
    }
    for (const [p, conflict] of [
      ["/api/v1/exceptions/{id}/actions", "ExceptionConflict"],
      ["/api/v1/handoffs/{id}/actions", "HandoffConflict"],
    ]) {
      const responses = doc.paths[p].post.responses as Record<string, TJson>;
      expect(Object.keys(responses)).toEqual(
        expect.arrayContaining(["200", "400", "401", "403", "404", "409", "422"]),
      );
      expect(responses["409"]).toMatchObject({
        content: {
          "application/problem+json": { schema: { $ref: `#/components/schemas/${conflict}` } },
        },
      });
      expect(schemas[conflict].required).toContain("current");
    }
  });

  it("documents the ingest endpoint's signature headers (every preset's) and every answer", () => {
    const op = doc.paths["/api/v1/sources/{sourceKey}/events"].post;
    const headers = (op.parameters as TJson[]).filter((p) => p.in === "header");
    // Which headers a delivery needs depends on its source's preset: none is required.
    expect(headers.filter((h) => h.required)).toEqual([]);
    expect(headers.map((h) => h.name)).toEqual(
      expect.arrayContaining([
        "webhook-signature",
        "Stripe-Signature",
        "X-Hub-Signature-256",
        "X-Shopify-Hmac-Sha256",
        "X-HubSpot-Signature-v3",
        "Typeform-Signature",
        "Calendly-Webhook-Signature",
        "X-Slack-Signature",
        "X-Twilio-Signature",
      ]),
    );
    const create = doc.components.schemas.CreateSource as TJson;
    expect((create.properties as TJson).verification).toMatchObject({
      enum: expect.arrayContaining(["standard-webhooks", "stripe", "hubspot-v3", "hmac", "token"]),
    });
    expect(Object.keys(create.properties as TJson)).toEqual(
      expect.arrayContaining(["verificationConfig", "secret"]),
    );
    expect(Object.keys(op.responses as TJson).sort()).toEqual(
      ["200", "202", "400", "401", "404", "413", "415", "422", "429"].sort(),
    );
    const event = doc.paths["/api/v1/events/{id}"].get;
    expect(event["x-required-role"]).toBe("MANAGER");
    expect(Object.keys(event.responses as TJson)).toEqual(["200", "401", "403", "404"]);
  });
});
