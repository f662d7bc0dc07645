import { describe, expect, it } from "vitest";
import { ZCreateEmailDestinationForm, ZSmtpSettingsInput } from "./schema";
import { messageIdFor, domainOf } from "./message-id";

const ok = {
  host: "smtp.example.com",
  port: 587,
  tls: "starttls",
  username: "u",
  password: "p",
  from: "Sales <sales@example.com>",
};

describe("SMTP settings", () => {
  it("accepts a normal relay and names each bad field", () => {
    expect(ZSmtpSettingsInput.safeParse(ok).success).toBe(true);
    const bad = ZSmtpSettingsInput.safeParse({
      ...ok,
      host: "smtp://x",
      port: 70000,
      from: "nope",
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["host", "port", "from"]));
  });
  it("allows no TLS only for a relay on this machine", () => {
    expect(ZSmtpSettingsInput.safeParse({ ...ok, tls: "none", host: "127.0.0.1" }).success).toBe(
      true,
    );
    const r = ZSmtpSettingsInput.safeParse({ ...ok, tls: "none" });
    expect(r.error!.issues[0].path).toEqual(["tls"]);
  });
  it("reads the form's flat fields, numbers typed", () => {
    const r = ZCreateEmailDestinationForm.safeParse({
      key: "mail",
      name: "Mail",
      smtpHost: "localhost",
      smtpPort: "2525",
      smtpTls: "none",
      smtpUsername: "",
      smtpPassword: "",
      smtpFrom: "a@b.example",
      timeoutMs: "",
    });
    expect(r.success && r.data).toMatchObject({
      key: "mail",
      timeoutMs: 10_000,
      smtp: { host: "localhost", port: 2525, tls: "none", from: "a@b.example" },
    });
    const bad = ZCreateEmailDestinationForm.safeParse({
      key: "mail",
      name: "Mail",
      smtpTls: "none",
    });
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["smtpHost", "smtpPort", "smtpFrom"]));
  });
});

describe("Message-ID", () => {
  it("is deterministic per key, RFC 5322 shaped, at the sender's domain", () => {
    const a = messageIdFor("bk_abc", "Sales <sales@Example.COM>");
    expect(a).toBe(messageIdFor("bk_abc", "sales@example.com"));
    expect(a).not.toBe(messageIdFor("bk_abd", "sales@example.com"));
    expect(a).toMatch(/^<[0-9a-f]{40}@example\.com>$/);
    expect(domainOf("no-domain")).toBe("baton.invalid");
  });
});
