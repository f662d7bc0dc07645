import { describe, expect, it } from "vitest";
import {
  classifyFailure,
  deliveryStatusFor,
  describeAttempt,
  headerValue,
} from "@/lib/destinations/classify-failure";

describe("classifyFailure", () => {
  it("treats every 2xx as success", () => {
    for (const status of [200, 201, 202, 204, 299])
      expect(classifyFailure({ status })).toBe("success");
  });

  it("treats 408, 425, 429 and 5xx as transient", () => {
    for (const status of [408, 425, 429, 500, 502, 503, 504, 599])
      expect(classifyFailure({ status })).toBe("transient");
  });

  it("treats other 4xx, 409 included, as data failures", () => {
    for (const status of [400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 451]) {
      expect(classifyFailure({ status })).toBe("data");
    }
  });

  it("treats redirects as data failures (the URL needs fixing)", () => {
    for (const status of [301, 302, 307, 308]) expect(classifyFailure({ status })).toBe("data");
  });

  it("treats transport errors as transient", () => {
    for (const error of [
      "timeout",
      "network",
      "ECONNRESET",
      "ECONNREFUSED",
      "CERT_HAS_EXPIRED",
      "anything",
    ]) {
      expect(classifyFailure({ error })).toBe("transient");
    }
    expect(classifyFailure({})).toBe("transient");
  });

  it("lets a status win over an error", () => {
    expect(classifyFailure({ status: 422, error: "timeout" })).toBe("data");
    expect(classifyFailure({ status: 200, error: "body read failed" })).toBe("success");
  });

  it("treats impossible statuses as no answer", () => {
    for (const status of [0, -1, 99, 600, 200.5, Number.NaN])
      expect(classifyFailure({ status })).toBe("transient");
    expect(classifyFailure({ status: 103 })).toBe("transient");
  });
});

describe("deliveryStatusFor", () => {
  it("maps to the Delivery row status", () => {
    expect(deliveryStatusFor({ status: 201 })).toBe("SUCCEEDED");
    expect(deliveryStatusFor({ status: 422 })).toBe("FAILED_PERMANENT");
    expect(deliveryStatusFor({ status: 503 })).toBe("FAILED_TRANSIENT");
    expect(deliveryStatusFor({ error: "timeout" })).toBe("TIMEOUT");
    expect(deliveryStatusFor({ error: "network" })).toBe("FAILED_TRANSIENT");
  });

  it("treats a request the outbound guard refused as a data failure, never retried", () => {
    expect(classifyFailure({ error: "blocked_address" })).toBe("data");
    expect(deliveryStatusFor({ error: "blocked_address" })).toBe("FAILED_PERMANENT");
  });
});

describe("headerValue", () => {
  it("reads fetch Headers and plain records case-insensitively", () => {
    expect(headerValue(new Headers({ "Retry-After": "5" }), "retry-after")).toBe("5");
    expect(headerValue({ "Retry-After": "7" }, "retry-after")).toBe("7");
    expect(headerValue({ "retry-after": ["9", "10"] }, "Retry-After")).toBe("9");
    expect(headerValue({ other: "x", "retry-after": undefined }, "retry-after")).toBeNull();
    expect(headerValue(undefined, "retry-after")).toBeNull();
    expect(headerValue(new Headers(), "retry-after")).toBeNull();
  });
});

describe("describeAttempt", () => {
  it("says what happened and what comes next", () => {
    expect(describeAttempt({ status: 204 })).toBe("HTTP 204: delivered");
    expect(describeAttempt({ status: 503 })).toBe("HTTP 503: temporary failure, will retry");
    expect(describeAttempt({ error: "timeout" })).toBe(
      "error: timeout: temporary failure, will retry",
    );
    expect(describeAttempt({ status: 422 })).toMatch(/refused the data/);
    expect(
      describeAttempt({
        error: "blocked_address",
        detail:
          "destination is a private address 10.0.0.5; add it to BATON_OUTBOUND_ALLOW to allow it",
      }),
    ).toBe(
      "not sent: destination is a private address 10.0.0.5; add it to BATON_OUTBOUND_ALLOW to allow it",
    );
  });
});

describe("SMTP replies", () => {
  it("250 succeeds, 4xx retries, 5xx is a data failure", () => {
    expect(classifyFailure({ smtpCode: 250 })).toBe("success");
    expect(classifyFailure({ smtpCode: 421 })).toBe("transient");
    expect(classifyFailure({ smtpCode: 451 })).toBe("transient");
    expect(classifyFailure({ smtpCode: 550 })).toBe("data");
    expect(classifyFailure({ smtpCode: 535 })).toBe("data");
    expect(deliveryStatusFor({ smtpCode: 552 })).toBe("FAILED_PERMANENT");
    expect(deliveryStatusFor({ smtpCode: 450 })).toBe("FAILED_TRANSIENT");
  });
  it("says what the server answered", () => {
    expect(describeAttempt({ smtpCode: 250, reply: "250 2.0.0 Ok: queued as A1" })).toBe(
      "sent → 250 2.0.0 Ok: queued as A1",
    );
    expect(describeAttempt({ smtpCode: 550, reply: "550 5.1.1 no such user" })).toMatch(
      /^SMTP 550 5\.1\.1 no such user: the mail server refused/,
    );
    expect(describeAttempt({ smtpCode: 451, reply: "451 try later" }, true)).toBe(
      "SMTP 451 try later: temporary failure",
    );
  });
});
