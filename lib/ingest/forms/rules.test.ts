import { describe, expect, it } from "vitest";
import { ZFormConfig, ZFormSettingsForm, parseFormConfig } from "./config";
import {
  DEDUPE_BUCKET_MS,
  checkOrigin,
  formIdempotencyKey,
  formPayload,
  missingRequired,
  payloadFields,
  spamVerdict,
} from "./rules";
import { formSnippet } from "./snippet";

const config = ZFormConfig.parse({
  enabled: true,
  allowedOrigins: ["https://shop.example.com/contact", "http://localhost:8080"],
  honeypotField: "website_url",
  minFillSeconds: 5,
  requiredFields: ["email", "name"],
});

describe("form config", () => {
  it("keeps origins as scheme://host[:port] and refuses an enabled form with none", () => {
    expect(config.allowedOrigins).toEqual(["https://shop.example.com", "http://localhost:8080"]);
    const none = ZFormConfig.safeParse({ enabled: true, allowedOrigins: [] });
    expect(none.success).toBe(false);
    expect(ZFormConfig.safeParse({ allowedOrigins: ["ftp://x.example"] }).success).toBe(false);
    expect(ZFormConfig.safeParse({ requiredFields: ["website_url"] }).success).toBe(false);
  });

  it("reads an unreadable stored value as a disabled form (fail closed)", () => {
    expect(parseFormConfig({ enabled: true, allowedOrigins: "nope" }).enabled).toBe(false);
    expect(parseFormConfig(null).enabled).toBe(false);
  });

  it("turns the settings form's text into lists", () => {
    const parsed = ZFormSettingsForm.parse({
      sourceKey: "leads",
      enabled: "true",
      allowedOrigins: "https://a.example\nhttps://b.example, ",
      requiredFields: "email, name",
      minFillSeconds: "3",
      thankYouUrl: "",
    });
    expect(parsed.config.allowedOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(parsed.config.requiredFields).toEqual(["email", "name"]);
    expect(parsed.config.thankYouUrl).toBeNull();
    expect(ZFormConfig.safeParse(parsed.config).success).toBe(true);
  });
});

describe("checkOrigin", () => {
  const h = (init: Record<string, string>) => new Headers(init);
  it("accepts an allowed Origin, and a Referer on an allowed origin when Origin is absent", () => {
    expect(checkOrigin(config, h({ origin: "https://shop.example.com" })).ok).toBe(true);
    expect(checkOrigin(config, h({ referer: "http://localhost:8080/contact.html?x=1" }))).toEqual({
      ok: true,
      origin: "http://localhost:8080",
    });
  });

  it("refuses other origins, look-alikes, null and no header at all", () => {
    expect(checkOrigin(config, h({ origin: "https://evil.example" })).ok).toBe(false);
    expect(checkOrigin(config, h({ origin: "https://shop.example.com.evil.example" })).ok).toBe(
      false,
    );
    expect(checkOrigin(config, h({ origin: "http://shop.example.com" })).ok).toBe(false);
    expect(checkOrigin(config, h({ origin: "http://localhost:8081" })).ok).toBe(false);
    expect(checkOrigin(config, h({ origin: "null" })).ok).toBe(false);
    expect(checkOrigin(config, h({})).ok).toBe(false);
    // Origin wins over a Referer that would pass.
    expect(
      checkOrigin(
        config,
        h({ origin: "https://evil.example", referer: "https://shop.example.com/" }),
      ).ok,
    ).toBe(false);
  });
});

describe("spamVerdict", () => {
  const now = Date.UTC(2025, 0, 1, 12);
  const secs = (ms: number) => String(Math.floor(ms / 1000));

  it("holds a post whose honeypot has a value (spaces do not count)", () => {
    expect(spamVerdict(config, { email: "a@b.example", website_url: "http://spam" }, now)).toBe(
      "HONEYPOT",
    );
    expect(spamVerdict(config, { website_url: ["", "x"] }, now)).toBe("HONEYPOT");
    expect(spamVerdict(config, { email: "a@b.example", website_url: "  " }, now)).toBeNull();
  });

  it("checks the fill time only when the page sent _baton_t", () => {
    expect(spamVerdict(config, { email: "a" }, now)).toBeNull();
    expect(spamVerdict(config, { _baton_t: secs(now - 2000) }, now)).toBe("TOO_FAST");
    expect(spamVerdict(config, { _baton_t: secs(now - 6000) }, now)).toBeNull();
    // Milliseconds are read as such.
    expect(spamVerdict(config, { _baton_t: String(now - 1000) }, now)).toBe("TOO_FAST");
    expect(spamVerdict(config, { _baton_t: "soon" }, now)).toBe("FILL_TIME_INVALID");
    expect(spamVerdict(config, { _baton_t: secs(now + 3_600_000) }, now)).toBe("FILL_TIME_INVALID");
    expect(spamVerdict({ ...config, minFillSeconds: 0 }, { _baton_t: secs(now) }, now)).toBeNull();
  });
});

describe("missingRequired", () => {
  it("names empty, blank and absent required fields in the configured order", () => {
    expect(missingRequired(config, { email: " ", other: "x" })).toEqual(["email", "name"]);
    expect(missingRequired(config, { email: "a@b.example", name: ["", "Ann"] })).toEqual([]);
  });
});

describe("idempotency key and payload", () => {
  const now = 1_700_000_000_000;
  const fields = (raw: Record<string, string>) => payloadFields(config, raw);

  it("drops the endpoint's own fields and cleans values", () => {
    expect(
      fields({ name: " Ann \r\n", website_url: "", _baton_t: "1", _baton_id: "abcdefgh" }),
    ).toEqual({ name: "Ann" });
  });

  it("makes a double click (same answers, any order, stray spaces) one key and one body", () => {
    const a = fields({ name: "Ann", email: "ann@example.com" });
    const b = fields({ email: "ann@example.com ", name: "Ann" });
    expect(formIdempotencyKey("s1", a, {}, now)).toBe(formIdempotencyKey("s1", b, {}, now + 1000));
    expect(formPayload(a)).toBe(formPayload(b));
  });

  it("separates other answers, other sources and a later bucket", () => {
    const a = fields({ name: "Ann" });
    const key = formIdempotencyKey("s1", a, {}, now);
    expect(formIdempotencyKey("s1", fields({ name: "Bob" }), {}, now)).not.toBe(key);
    expect(formIdempotencyKey("s2", a, {}, now)).not.toBe(key);
    expect(formIdempotencyKey("s1", a, {}, now + DEDUPE_BUCKET_MS)).not.toBe(key);
  });

  it("uses a well-formed _baton_id as the key, ignoring a short or odd one", () => {
    expect(formIdempotencyKey("s1", {}, { _baton_id: "view-123456" }, now)).toBe(
      "form:id:view-123456",
    );
    expect(formIdempotencyKey("s1", {}, { _baton_id: "short" }, now)).toMatch(/^form:\d+:/);
    expect(formIdempotencyKey("s1", {}, { _baton_id: "has spaces in it" }, now)).toMatch(
      /^form:\d+:/,
    );
  });
});

describe("formSnippet", () => {
  it("posts to the public address, needs no script, and hides the honeypot by CSS", () => {
    const html = formSnippet("https://baton.example.com/f/leads", config);
    expect(html).toContain('<form action="https://baton.example.com/f/leads" method="post">');
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/position:absolute;left:-10000px[^>]*aria-hidden="true"/);
    expect(html).toContain('name="website_url" tabindex="-1" autocomplete="off"');
    expect(html).toContain('type="email" name="email" required');
    expect(html).toContain('name="name" required');
  });
});
