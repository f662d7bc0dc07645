import { describe, expect, it } from "vitest";
import { renderTemplate, templateProblems } from "./template";

const ctx = {
  record: { name: "Ada", email: "ada@x.example", attributes: { tier: "gold" } },
  payload: { message: "<script>alert(1)</script>", items: [{ sku: "A-1" }], n: 0 },
  handoff: { owner: { name: "Sam" } },
};

describe("renderTemplate", () => {
  it("reads dotted paths, array indexes and numbers", () => {
    expect(
      renderTemplate(
        "{{record.name}} / {{ record.attributes.tier }} / {{payload.items.0.sku}} / {{payload.n}}",
        ctx,
      ).text,
    ).toBe("Ada / gold / A-1 / 0");
  });
  it("escapes values in HTML but keeps the template's markup", () => {
    expect(renderTemplate("<p>{{payload.message}}</p>", ctx, { html: true }).text).toBe(
      "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    );
    expect(renderTemplate("{{payload.message}}", ctx).text).toBe("<script>alert(1)</script>");
  });
  it("uses the fallback for a missing value and lists missing ones without a fallback", () => {
    const r = renderTemplate('Hi {{record.nick | "there"}}, {{handoff.owner.phone}}.', ctx);
    expect(r.text).toBe("Hi there, .");
    expect(r.missing).toEqual(["handoff.owner.phone"]);
  });
  it("never reaches the prototype chain or runs code", () => {
    const r = renderTemplate(
      "{{record.constructor}}{{record.__proto__.x}}{{payload.toString}}{{process.env.HOME}}",
      ctx,
    );
    expect(r.text).toBe("");
    expect(templateProblems("{{process.env.HOME}}")[0]).toMatch(
      /start with record\., payload\. or handoff\./,
    );
    expect(templateProblems("{{record.constructor}}")[0]).toMatch(/not a field name/);
    expect(templateProblems("{{record.name")).toHaveLength(1);
    expect(templateProblems("{{record}}")[0]).toMatch(/name a field/);
    expect(templateProblems("Hello {{record.name}}")).toEqual([]);
  });
});
