import { describe, expect, it } from "vitest";
import { AppError, fieldErrorsFromIssues } from "./errors";
import { problemResponse } from "./problem";

describe("problem+json", () => {
  it("answers an AppError with its status, code and details", async () => {
    const res = problemResponse(
      new AppError({
        code: "VALIDATION_FAILED",
        message: "Invalid body: email",
        details: { errors: { email: ["bad"] } },
      }),
      "rid1",
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({
      status: 400,
      code: "VALIDATION_FAILED",
      detail: "Invalid body: email",
      errors: { email: ["bad"] },
      requestId: "rid1",
    });
  });

  it("never leaks an unexpected error's message", async () => {
    const res = problemResponse(new Error("SELECT * FROM secret_table failed"), "rid2");
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain("secret_table");
    expect(JSON.parse(body).requestId).toBe("rid2");
  });

  it("sets Retry-After for rate limits", () => {
    const res = problemResponse(
      new AppError({
        code: "RATE_LIMITED",
        message: "slow down",
        details: { retryAfterSeconds: 42 },
      }),
      "r",
    );
    expect(res.headers.get("retry-after")).toBe("42");
  });

  it("flattens zod-style issue paths", () => {
    expect(
      fieldErrorsFromIssues([
        { path: ["rules", 0, "name"], message: "Required" },
        { path: [], message: "Bad" },
      ]),
    ).toEqual({
      "rules.0.name": ["Required"],
      _: ["Bad"],
    });
  });
});
