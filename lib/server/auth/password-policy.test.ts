import { describe, expect, it } from "vitest";
import { assertPasswordAllowed, passwordProblem, PASSWORD_MIN_SCORE } from "./password-policy";

const owner = { email: "jane.doe@acme-corp.example", name: "Jane Doe" };
const LEAKED = "This password is in lists of leaked passwords; choose another";
const OWN = "This password contains the account's name or email; choose one that does not";

describe("password policy", () => {
  // Each was accepted by the old rule (10 characters or more).
  const refused: [string, string, string | RegExp][] = [
    ["password12", "a leaked password", LEAKED],
    ["1234567890", "a leaked password", LEAKED],
    ["qwertyuiop", "a keyboard row in the leaked list", LEAKED],
    ["Password123!", "a leaked password, capitalised", LEAKED],
    ["aaaaaaaaaa", "one character repeated", /Repeated characters/],
    ["abcabcabcabc", "a pattern repeated", /Repeated patterns|easy to guess/],
    ["P@ssw0rd2024", "a leaked password in l33t", /commonly used password|easy to guess/],
    ["jane.doe1234", "the email's local part", OWN],
    ["JaneDoe-2024", "the name", OWN],
    ["Jane Doe 2024!", "the name with spaces", OWN],
    ["doe.jane.acme", "pieces of the name and the email's domain", OWN],
    ["jane.doe@acme-corp.example", "the whole email", OWN],
    ["short", "fewer than 10 characters", "Use at least 10 characters"],
    ["x".repeat(1025), "over 1024 characters", "Use at most 1024 characters"],
  ];
  for (const [password, what, message] of refused) {
    it(`refuses ${what}: ${password.length > 40 ? `${password.slice(0, 10)}…` : password}`, async () => {
      const problem = await passwordProblem(password, owner);
      if (typeof message === "string") expect(problem).toBe(message);
      else expect(problem).toMatch(message);
    });
  }

  const accepted = [
    "correct horse battery staple",
    "quiet-lantern-orbit-47",
    "kf7q-m2xd-9pwr-h4tz",
    // Someone else's name is fine: only the account's own identity is refused.
    "jane-quiet-lantern-orbit".replace("jane", "oskar"),
  ];
  for (const password of accepted) {
    it(`accepts a strong passphrase: ${password}`, async () => {
      expect(await passwordProblem(password, owner)).toBeNull();
    });
  }

  it("counts characters, not UTF-16 units, for the minimum", async () => {
    expect(await passwordProblem("🔑🔑🔑🔑🔑", owner)).toBe("Use at least 10 characters");
  });

  it("keeps zxcvbn's bar at score 3 and answers fast even for 1024 characters", async () => {
    expect(PASSWORD_MIN_SCORE).toBe(3);
    const long = Array.from({ length: 1024 }, (_, i) => "lantern orbit quiet"[i % 19]).join("");
    const started = performance.now();
    await passwordProblem(long, owner);
    expect(performance.now() - started).toBeLessThan(800);
  });

  it("throws a field error on the field the form shows", async () => {
    await expect(assertPasswordAllowed("password12", owner, "newPassword")).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      message: LEAKED,
      details: { errors: { newPassword: [LEAKED] } },
    });
    await expect(assertPasswordAllowed("quiet-lantern-orbit-47", owner)).resolves.toBeUndefined();
  });
});
