import { describe, expect, it } from "vitest";
import { createSource } from "@/lib/sources/mutations";
import { makeUser, uniq } from "@/test/factories";
import { presetMappings } from "./preset-mappings";

describe("a new source gets its preset's default mappings", () => {
  it("Typeform without a mapping of its own: answers by field ref", async () => {
    const { actor } = await makeUser("ADMIN");
    const source = await createSource(actor, {
      key: uniq("tf-"),
      name: "Typeform leads",
      verification: "typeform",
      secret: "a-typeform-secret-typed-on-both-sides",
    });
    const defaults = presetMappings("typeform")!;
    expect(source.identityMapping).toEqual(defaults.identityMapping);
    expect(source.fieldMapping).toEqual(defaults.fieldMapping);
    expect(JSON.stringify(source.identityMapping)).toContain("[field.ref=email]");
  });

  it("keeps the source's own identity mapping; Standard Webhooks gets none", async () => {
    const { actor } = await makeUser("ADMIN");
    const own = await createSource(actor, {
      key: uniq("st-"),
      name: "Stripe own",
      verification: "stripe",
      secret: "whsec_pastedFromTheStripeDashboard123",
      identityMapping: { email: "data.object.metadata.lead_email" },
    });
    expect(own.identityMapping).toEqual({ email: "data.object.metadata.lead_email" });
    // Fields still default: the input named only its identity.
    expect(own.fieldMapping).toEqual(presetMappings("stripe")!.fieldMapping);
    const plainSource = await createSource(actor, { key: uniq("sw-"), name: "Plain" });
    expect(plainSource.identityMapping).toBeNull();
    expect(plainSource.fieldMapping).toBeNull();
  });
});
