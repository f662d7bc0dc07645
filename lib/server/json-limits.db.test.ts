import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ZCreateSourceForm } from "@/lib/sources/schema";
import { makeUser } from "@/test/factories";
import { defineAction } from "./action";
import type { TActor } from "./auth/actor";
import { findJsonLimitBreach, JSON_LIMITS, parseJsonWithinLimits } from "./json-limits";

const session = vi.hoisted(() => ({ actor: null as TActor | null }));
vi.mock("./auth/current-user", () => ({
  getSessionActor: async () => session.actor,
  getTokenActor: async () => null,
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const deepArray = (n: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

describe("findJsonLimitBreach", () => {
  it("walks 100,000-deep values without recursion and names the first path past the limit", () => {
    const breach = findJsonLimitBreach({ a: { b: deepArray(100_000) } });
    expect(breach).toMatchObject({ limit: "maxDepth", max: 64, status: 400 });
    expect(breach!.path.split(".")).toHaveLength(JSON_LIMITS.maxDepth);
    expect(breach!.path.startsWith("a.b.0.0")).toBe(true);
  });

  it("passes ordinary values, Dates and empty containers", () => {
    expect(findJsonLimitBreach({ a: [1, "x", null, true, {}, []], d: new Date() })).toBeNull();
  });

  it("honours custom limits", () => {
    const limits = { ...JSON_LIMITS, maxNodes: 3 };
    expect(findJsonLimitBreach([1, 2, 3], limits)).toBeNull();
    expect(findJsonLimitBreach([1, 2, [3]], limits)).toMatchObject({ limit: "maxNodes" });
  });
});

describe("JSON typed into a form and server action input", () => {
  it("a contract nested 40,000 deep in the source form is a field error, not a stack overflow", () => {
    const text = `{"type":"object","properties":{"a":${"[".repeat(40_000)}${"]".repeat(40_000)}}}`;
    expect(parseJsonWithinLimits(text)).toMatchObject({ ok: false });
    const res = ZCreateSourceForm.safeParse({ key: "deep-one", name: "Deep", contract: text });
    expect(res.success).toBe(false);
    expect(res.error!.issues[0].path).toEqual(["contract"]);
    expect(res.error!.issues[0].message).toContain("deeper than 64 levels");
  });

  it("defineAction refuses deep or huge input before the schema runs", async () => {
    session.actor = (await makeUser("ADMIN")).actor;
    const seen: unknown[] = [];
    const action = defineAction(
      { name: "test.echo", permission: "queue:view", input: z.unknown() },
      async ({ input }) => void seen.push(input),
    );
    const deep = await action({ payload: deepArray(10_000) } as never);
    expect(deep).toMatchObject({ ok: false, code: "VALIDATION_FAILED", status: 400 });
    expect(deep.ok === false && deep.message).toContain("deeper than 64 levels");
    const huge = await action({ note: "x".repeat(JSON_LIMITS.maxStringLength + 1) } as never);
    expect(huge).toMatchObject({ ok: false, code: "PAYLOAD_TOO_LARGE", status: 413 });
    const form = new FormData();
    form.set("k".repeat(JSON_LIMITS.maxKeyLength + 1), "v");
    expect(await action(form as never)).toMatchObject({ ok: false, code: "PAYLOAD_TOO_LARGE" });
    expect(seen).toEqual([]);
    expect(await action({ fine: [1, 2, 3] } as never)).toMatchObject({ ok: true });
  });
});
