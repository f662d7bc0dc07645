import { describe, expect, it } from "vitest";
import { eventContext } from "./context";
import { ctxFor, event, NOW } from "./test-fixtures";
import { understandEvent } from "./understand-event";

describe("understandEvent", () => {
  it("identifies the event by email and names the case for titles and search", () => {
    const r = understandEvent(
      ctxFor({ email: " Jane@Acme.com ", name: "Jane Doe", company: "Acme" }),
    );
    expect(r).toEqual({
      ok: true,
      identified: {
        identityKey: "email:jane@acme.com",
        fields: expect.objectContaining({ email: "jane@acme.com", name: "Jane Doe" }),
        label: "Jane Doe (Acme)",
        search: ["jane@acme.com", "Acme", "Jane Doe", null],
      },
    });
  });

  it("stops with MISSING_FIELD when nothing identifies the record", () => {
    const r = understandEvent(ctxFor({ company: "Acme" }));
    expect(r).toMatchObject({
      ok: false,
      step: { step: "understand", ok: false, note: "MISSING_FIELD", at: NOW.toISOString() },
      draft: {
        reason: "MISSING_FIELD",
        detail: "Nothing identifies the record: email missing or empty.",
        label: "Acme",
        context: { missing: ["email"] },
      },
    });
  });

  it("stops with CONTRACT_VIOLATION, listing each issue by path", () => {
    const contract = {
      type: "object",
      required: ["email"],
      properties: { email: { type: "string" }, employees: { type: "integer" } },
    };
    const e = event({ email: "jane@acme.com", employees: "many" });
    const r = understandEvent(eventContext({ ...e, source: { ...e.source, contract } }, NOW));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.draft.reason).toBe("CONTRACT_VIOLATION");
    expect(r.draft.detail).toContain("employees");
    expect(r.draft.label).toBe("jane@acme.com");
  });
});
