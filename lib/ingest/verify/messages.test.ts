import { describe, expect, it } from "vitest";
import { verifyDelivery } from "./index";
import { CASES, inputFor, without } from "./test-cases";
import type { TVerifyResult } from "./types";

/** Every run of 12+ base64/hex characters in a string: signatures, secrets, hashes. */
function secretish(s: string): string[] {
  return s.match(/[A-Za-z0-9+/=_-]{12,}/g) ?? [];
}

describe("failure messages", () => {
  it.each(CASES)("$name: never contain a secret or the expected signature", (c) => {
    const now = new Date("2026-03-10T12:00:00Z");
    const good = c.sign(c.secret, now);
    // What the verifier would compute: the signatures (and token) in the valid request.
    const expected = [...Object.values(good.headers), good.url]
      .flatMap(secretish)
      .filter((v) => !/^[a-z-]+$/i.test(v));
    const forbidden = [c.secret, c.previous, ...expected];
    const stale = c.sign(c.secret, new Date(now.getTime() - 3600_000));
    const wrong = c.sign(
      c.preset === "standard-webhooks" ? "whsec_d3Jvbmcgc2VjcmV0IGZvciB0ZXN0cw==" : "wrong",
      now,
    );
    const results: TVerifyResult[] = [
      verifyDelivery(
        c.preset,
        inputFor(wrong, { secrets: [c.secret, c.previous], now, config: c.config }),
      ),
      verifyDelivery(
        c.preset,
        inputFor(
          { ...good, body: `${good.body} ` },
          { secrets: [c.secret, c.previous], now, config: c.config },
        ),
      ),
      verifyDelivery(c.preset, inputFor(stale, { secrets: [c.secret], now, config: c.config })),
      verifyDelivery(
        c.preset,
        inputFor(without(good, c.required), { secrets: [c.secret], now, config: c.config }),
      ),
      verifyDelivery(c.preset, inputFor(good, { secrets: [], now, config: c.config })),
    ];
    const failures = results.filter((r): r is Extract<TVerifyResult, { ok: false }> => !r.ok);
    expect(failures.length).toBeGreaterThanOrEqual(c.coversBody ? 3 : 2);
    for (const f of failures) {
      expect(f.message.length).toBeGreaterThan(0);
      for (const value of forbidden) expect(f.message).not.toContain(value);
    }
  });
});
