import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi/document";

type TJson = Record<string, unknown>;
const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, TJson>> };
const route = path.resolve(import.meta.dirname, "../../../app/f/[sourceKey]/route.ts");

describe("the website-form endpoint in the OpenAPI document", () => {
  it("documents POST /f/{sourceKey} as public, with the form media types, served by app/f", () => {
    const op = doc.paths["/f/{sourceKey}"]?.post;
    expect(op).toBeDefined();
    expect(op.security).toEqual([]);
    const content = (op.requestBody as { content: TJson }).content;
    expect(Object.keys(content)).toEqual([
      "application/x-www-form-urlencoded",
      "multipart/form-data",
      "application/json",
    ]);
    expect(Object.keys(op.responses as TJson)).toEqual(
      expect.arrayContaining(["303", "202", "403", "422", "429"]),
    );
    expect(fs.readFileSync(route, "utf8")).toMatch(/^export async function POST\b/m);
  });

  it("documents the form settings routes with their permissions", () => {
    expect(doc.paths["/api/v1/sources/{sourceKey}/form"]?.put?.["x-permission"]).toBe(
      "sources:edit",
    );
    expect(doc.paths["/api/v1/sources/{sourceKey}/form"]?.get?.["x-permission"]).toBe(
      "sources:view",
    );
  });
});
