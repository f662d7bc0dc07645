import { describe, expect, it } from "vitest";
import type { TDirectory } from "@/lib/engine/plan/types";
import { changedRoutes } from "./backtest-summary";
import type { TSimOutcome } from "./simulate";

const directory = { teams: [], members: [] } as unknown as TDirectory;

function outcome(kind: "handoff" | "exception", extra: Partial<TSimOutcome> = {}): TSimOutcome {
  return {
    eventId: "e",
    status: kind === "handoff" ? "ROUTED" : "EXCEPTION",
    kind,
    ownerId: kind === "handoff" ? "u1" : null,
    teamId: kind === "handoff" ? "t1" : null,
    ruleId: kind === "handoff" ? "rule-1" : null,
    reason: kind === "exception" ? "NO_ROUTE" : null,
    title: null,
    detail: null,
    dueAt: null,
    suggestedOwnerId: null,
    actions: [],
    timeline: [],
    trace: null,
    ...extra,
  };
}

const events = [1, 2, 3, 4].map((i) => ({ id: `e${i}`, receivedAt: new Date(0), label: "" }));

describe("changedRoutes", () => {
  it("counts the events the draft would newly turn into exceptions, and those it would hand off", () => {
    const published = [
      outcome("handoff"),
      outcome("exception"),
      outcome("handoff"),
      outcome("handoff"),
    ];
    const draft = [
      outcome("exception", { reason: "MISSING_FIELD" }),
      outcome("handoff"),
      outcome("handoff"),
      outcome("handoff", { ownerId: "u2" }),
    ];
    const c = changedRoutes(events, published, draft, directory);
    expect(c).toMatchObject({
      routeChanges: 2,
      ownerChanges: 1,
      newExceptions: 1,
      resolvedExceptions: 1,
    });
    expect(c.list.map((l) => l.eventId)).toEqual(["e1", "e2", "e4"]);
  });
});
