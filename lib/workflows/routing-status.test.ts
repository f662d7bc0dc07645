import { describe, expect, it } from "vitest";
import { routingStatus } from "./routing-status";

const base = { sourceKey: "web-form", otherLiveWorkflows: [] as string[] };

describe("routingStatus", () => {
  it("a published, active workflow keeps routing with its published version", () => {
    const s = routingStatus({ ...base, publishedVersion: 3, active: true });
    const text = "Events keep using the published version (v3) until you publish.";
    expect(s).toEqual({ routing: true, short: text, text });
  });

  it("a never-published workflow routes nothing; the source's events have no route", () => {
    const s = routingStatus({ ...base, publishedVersion: null, active: true });
    expect(s.routing).toBe(false);
    expect(s.text).toContain(
      "never been published: no events are routed by it until it is published",
    );
    expect(s.text).toContain("opens a “No route” exception");
    expect(s.text).not.toContain("keep using");
    expect(s.short).toBe("No events are routed by this workflow until it is published.");
  });

  it("names the source's other live workflows, which take its events meanwhile", () => {
    const s = routingStatus({
      ...base,
      publishedVersion: null,
      active: true,
      otherLiveWorkflows: ["Inbound leads", "Partners", "EMEA", "APAC"],
    });
    expect(s.text).toContain("routed by “Inbound leads”, “Partners” and 2 more.");
    expect(s.text).not.toContain("No route");
  });

  it("a paused workflow routes nothing, published or not", () => {
    const s = routingStatus({ ...base, publishedVersion: 2, active: false });
    expect(s.routing).toBe(false);
    expect(s.text).toContain("paused");
    expect(s.text).toContain("until it is resumed");
  });
});
