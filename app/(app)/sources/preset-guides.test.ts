import { describe, expect, it } from "vitest";
import { PRESET_GUIDES } from "@/components/sources/presets";
import { PRESETS, PRESET_IDS } from "@/lib/ingest/verify";

describe("the source page's preset guides (components/sources/presets.ts)", () => {
  it("list every preset once, with its label and who issues its secret", () => {
    // The browser bundle cannot import the verifiers (node:crypto), so the
    // guides repeat these two facts; this keeps them from drifting.
    expect(PRESET_GUIDES.map((g) => g.id).sort()).toEqual([...PRESET_IDS].sort());
    for (const g of PRESET_GUIDES) {
      expect(g.label, g.id).toBe(PRESETS[g.id].label);
      expect(g.secret, g.id).toBe(PRESETS[g.id].issuesSecret);
      expect(g.steps.length, g.id).toBeGreaterThan(0);
      if (g.secret !== "baton") expect(g.secretHint, g.id).toBeTruthy();
    }
    // HubSpot v3 and Twilio sign the URL: the page must say which one.
    expect(
      PRESET_GUIDES.filter((g) => g.signsUrl)
        .map((g) => g.id)
        .sort(),
    ).toEqual(["hubspot-v3", "twilio"]);
  });
});
