import { describe, expect, it } from "vitest";
import { checkDefinition, type TDefinitionRefs } from "./check-definition";

const refs: TDefinitionRefs = {
  teamIds: new Set(),
  users: new Map([["u1", { teamId: null }]]),
  destinationKeys: new Set(["hook", "crm"]),
  destinationKinds: new Map([
    ["hook", "WEBHOOK"],
    ["crm", "RECORD"],
  ]),
};

const def = (actions: unknown[]) => ({
  rules: [{ id: "r", name: "R", assign: { strategy: "named", userId: "u1" } }],
  sla: { acceptWithinMinutes: 30 },
  actions,
});

const record = (destinationKey: string) => ({
  id: "a",
  name: "CRM",
  type: "record",
  destinationKey,
  create: { path: "/contacts", body: '{"email":"{{record.email}}"}' },
  update: { path: "/contacts/{{externalId}}", body: '{"email":"{{record.email}}"}' },
});

describe("actions name a destination of their kind", () => {
  it("accepts a record action on a system of record and a webhook on a webhook", () => {
    const out = checkDefinition(
      def([record("crm"), { id: "b", name: "Hook", type: "webhook", destinationKey: "hook" }]),
      refs,
    );
    expect(out.ok).toBe(true);
  });

  it("refuses them crossed, next to the destination field", () => {
    const out = checkDefinition(
      def([record("hook"), { id: "b", name: "Hook", type: "webhook", destinationKey: "crm" }]),
      refs,
    );
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors["actions.0.destinationKey"]).toEqual([
      "A record action needs a system of record",
    ]);
    expect(out.errors["actions.1.destinationKey"]).toEqual([
      "This destination is a system of record: use a record action",
    ]);
  });
});
