import { describe, expect, it } from "vitest";
import { understand } from "@/lib/engine/plan/understand";
import { checkSourceContract } from "@/lib/sources/data";
import { makeSource, signedRequest } from "@/test/ingest";
import { validateContract } from "./contract";
import { ingestHandler } from "./ingest-handler";

// A sender's payload built to make the old email check backtrack (~5 s per
// check at 100k characters, issue #12 item 9), sent as raw HTTP would be.
const CONTRACT = {
  type: "object",
  required: ["email"],
  properties: { email: { type: "string", format: "email" } },
};
const EVIL = JSON.stringify({ email: `a@${".".repeat(100_000)} ` });

describe("a delivery built to backtrack the contract's email check", () => {
  it("is accepted, then checked in milliseconds by the worker and the contract check", async () => {
    const source = await makeSource({ contract: CONTRACT });
    const res = await ingestHandler(signedRequest(source, EVIL), source.key);
    expect(res.status).toBe(202);

    // Compiled once per contract version (the first check in a process pays it).
    validateContract(CONTRACT, {});
    let started = performance.now();
    const understood = understand(
      { key: source.key, contract: CONTRACT, identityMapping: null, fieldMapping: null },
      JSON.parse(EVIL) as Record<string, unknown>,
    );
    expect(performance.now() - started).toBeLessThan(50);
    expect(understood).toEqual({
      ok: false,
      reason: "CONTRACT_VIOLATION",
      issues: [{ path: "email", message: "must be an email address" }],
    });

    // The admin's "check against recent events" runs the candidate and today's contract.
    started = performance.now();
    const result = await checkSourceContract(
      { id: source.id, contract: CONTRACT },
      { ...CONTRACT, required: ["email", "name"] },
      10,
    );
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result).toMatchObject({ checked: 1, failing: 1, newlyFailing: 0 });
  });
});
