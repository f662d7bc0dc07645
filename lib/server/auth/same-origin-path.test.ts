import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./same-origin-path";

const BASE = "https://baton.example.com";

describe("sameOriginPath", () => {
  it.each([
    "/\\evil.example",
    "/\\\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "//evil.example",
    "///evil.example",
    "/.//evil.example",
    "/a/..//evil.example",
    // The base's own scheme without slashes is a relative path ("https:queue" below);
    // another special scheme is another host.
    "http:evil.example",
    "https://evil.example/queue",
    "https://baton.example.com.evil.example/",
    "https://baton.example.com@evil.example/",
    "http://baton.example.com/queue",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "",
  ])("refuses %j", (value) => {
    expect(sameOriginPath(value, BASE)).toBeNull();
  });

  it.each([
    ["/queue", "/queue"],
    ["/queue?status=open#top", "/queue?status=open#top"],
    ["/%09/evil.example", "/%09/evil.example"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%5Cevil.example", "/%5Cevil.example"],
    ["queue", "/queue"],
    ["https://baton.example.com/inbox", "/inbox"],
    // Same scheme as the base: the WHATWG parser reads this as a relative path.
    ["https:queue", "/queue"],
  ])("keeps %j as the path %j", (value, path) => {
    expect(sameOriginPath(value, BASE)).toBe(path);
  });

  it("refuses what is not a string, or is absurdly long", () => {
    expect(sameOriginPath(`/${"x".repeat(3000)}`, BASE)).toBeNull();
    expect(sameOriginPath(["/queue"], BASE)).toBeNull();
    expect(sameOriginPath(undefined, BASE)).toBeNull();
  });

  it("the redirect callback next-auth calls answers only same-origin URLs", async () => {
    const { getAuthOptions } = await import("./options");
    const redirect = getAuthOptions().callbacks!.redirect!;
    expect(await redirect({ url: "/\\evil.example", baseUrl: BASE })).toBe(BASE);
    expect(await redirect({ url: "http:evil.example", baseUrl: BASE })).toBe(BASE);
    expect(await redirect({ url: "/\t/evil.example", baseUrl: BASE })).toBe(BASE);
    expect(await redirect({ url: "https://evil.example/", baseUrl: BASE })).toBe(BASE);
    expect(await redirect({ url: "/queue?x=1", baseUrl: BASE })).toBe(`${BASE}/queue?x=1`);
  });
});
