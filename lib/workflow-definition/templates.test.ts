import { describe, expect, it } from "vitest";
import {
  jsonTemplateProblem,
  pointerProblem,
  readPointer,
  renderJson,
  renderText,
  templateProblem,
} from "./templates";
import { ZRecordAction } from "./record-action";

const ctx = {
  record: { email: 'jane"}@acme.example', name: "Jane", score: 7, tags: ["a"] },
  handoff: { owner: { name: "Alice" } },
  externalId: "c/1?x",
};

describe("record templates", () => {
  it("renders text, URL-encoding each value when asked", () => {
    expect(renderText("Hi {{ record.name }} ({{handoff.owner.name}})", ctx)).toBe(
      "Hi Jane (Alice)",
    );
    expect(renderText("/contacts/{{externalId}}", ctx, encodeURIComponent)).toBe(
      "/contacts/c%2F1%3Fx",
    );
    expect(renderText("{{record.missing}}|{{record.tags}}", ctx)).toBe('|["a"]');
  });

  it("renders JSON with values escaped inside their strings; a lone placeholder keeps its type", () => {
    const out = renderJson(
      '{"email":"{{record.email}}","score":"{{record.score}}","note":"n={{record.score}}","x":"{{record.none}}"}',
      ctx,
    );
    expect(JSON.parse(out)).toEqual({
      email: 'jane"}@acme.example',
      score: 7,
      note: "n=7",
      x: null,
    });
  });

  it("never reaches the prototype", () => {
    expect(renderText("{{record.constructor}}{{record.__proto__}}", ctx)).toBe("");
  });

  it("explains bad templates and pointers", () => {
    expect(templateProblem("{{ record.email }}")).toBeNull();
    expect(templateProblem("{{process.env.SECRET}}")).toMatch(/starts with "process"/);
    expect(templateProblem("{{record.email | upper}}")).toMatch(/not a field path/);
    expect(templateProblem("a {{ b")).toMatch(/Unbalanced/);
    expect(jsonTemplateProblem('{"a": {{record.email}}}')).toMatch(/Not valid JSON/);
    expect(pointerProblem("id")).toMatch(/starts with "\/"/);
    expect(readPointer({ a: [{ "b/c": 1 }] }, "/a/0/b~1c")).toBe(1);
    expect(readPointer({ a: 1 }, "/a/b")).toBeUndefined();
  });

  it("a record action reports problems by field", () => {
    const r = ZRecordAction.safeParse({
      id: "a",
      name: "CRM",
      type: "record",
      destinationKey: "crm",
      create: { path: "contacts", body: "{" },
      update: { path: "/contacts/{{externalId}}", body: "{}" },
      verify: { path: "/c/{{nope.x}}", fields: [] },
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["create.path", "create.body", "verify.path", "verify.fields"]),
    );
  });
});
