import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import {
  emailBodyHash,
  emailIdempotencyKey,
  emailPayload,
  fitPayload,
  htmlToText,
  recipientSourceKey,
  threadIds,
  withIdentity,
} from "./message";

const RAW = [
  'From: "Ana Díaz" <Ana.Diaz@Acme.example>',
  "To: leads@in.example, Team: bo@acme.example, cy@acme.example;",
  "Cc: dee@acme.example",
  "Subject: =?utf-8?q?Quote_for_50_seats?=",
  "Date: Tue, 02 Dec 2025 10:00:00 +0100",
  "Message-ID: <m2@acme.example>",
  "In-Reply-To: <m1@baton.example>",
  "References: <m0@acme.example> <m1@baton.example>",
  "MIME-Version: 1.0",
  'Content-Type: multipart/mixed; boundary="b"',
  "",
  "--b",
  "Content-Type: text/html; charset=utf-8",
  "",
  "<p>Hello <b>there</b>\u0000</p>",
  "--b",
  'Content-Type: application/pdf; name="brief.pdf"',
  'Content-Disposition: attachment; filename="brief.pdf"',
  "Content-Transfer-Encoding: base64",
  "",
  Buffer.from("%PDF-1.4 tiny").toString("base64"),
  "--b--",
  "",
].join("\r\n");

describe("emailPayload", () => {
  it("takes from, to (groups flattened), cc, subject, text from HTML, ids and attachment metadata", async () => {
    const p = emailPayload(await simpleParser(Buffer.from(RAW)));
    expect(p.from).toEqual({ address: "Ana.Diaz@Acme.example", name: "Ana Díaz" });
    expect(p.to.map((a) => a.address)).toEqual([
      "leads@in.example",
      "bo@acme.example",
      "cy@acme.example",
    ]);
    expect(p.cc).toEqual([{ address: "dee@acme.example", name: null }]);
    expect(p.subject).toBe("Quote for 50 seats");
    // HTML converted to text, the NUL (unstorable) dropped.
    expect(p.text).toMatch(/^Hello there$/i);
    expect(p.date).toBe("2025-12-02T09:00:00.000Z");
    expect(p.messageId).toBe("<m2@acme.example>");
    expect(p.inReplyTo).toBe("<m1@baton.example>");
    expect(p.references).toEqual(["<m0@acme.example>", "<m1@baton.example>"]);
    expect(p.attachments).toEqual([
      { filename: "brief.pdf", contentType: "application/pdf", size: 13 },
    ]);
    expect(JSON.stringify(p)).not.toContain("PDF-1.4");
  });

  it("looks up a reply's thread nearest first and never the message itself", async () => {
    const p = emailPayload(await simpleParser(Buffer.from(RAW)));
    expect(threadIds(p)).toEqual(["<m1@baton.example>", "<m0@acme.example>"]);
  });
});

describe("withIdentity", () => {
  const base = {
    channel: "email" as const,
    email: null,
    name: null,
    from: { address: "Colleague@Acme.example", name: "Col League" },
    to: [],
    cc: [],
    subject: null,
    text: "",
    date: null,
    messageId: "<r@x>",
    inReplyTo: "<o@x>",
    references: [],
    attachments: [],
  };

  it("uses the sender when the message answers nothing known", () => {
    expect(withIdentity(base, null)).toMatchObject({
      email: "colleague@acme.example",
      name: "Col League",
    });
  });

  it("uses the thread's identity for a reply, without the other sender's name", () => {
    const out = withIdentity(base, { messageId: "<o@x>", email: "ana@acme.example" });
    expect(out).toMatchObject({ email: "ana@acme.example", name: null, threadOf: "<o@x>" });
    expect(out.from?.address).toBe("Colleague@Acme.example");
  });
});

describe("emailIdempotencyKey / emailBodyHash", () => {
  it("is the Message-ID, or a hash of the raw message without one", () => {
    expect(emailIdempotencyKey("<a@b>", Buffer.from("x"))).toBe("<a@b>");
    expect(emailIdempotencyKey(null, Buffer.from("x"))).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(emailIdempotencyKey("<" + "a".repeat(300) + ">", Buffer.from("x"))).toMatch(/^sha256:/);
  });

  it("hashes what the message says, not the identity stitching added", async () => {
    const p = emailPayload(await simpleParser(Buffer.from(RAW)));
    const stitched = withIdentity(p, { messageId: "<m1@baton.example>", email: "z@z.example" });
    expect(emailBodyHash(stitched)).toBe(emailBodyHash(p));
    expect(emailBodyHash({ ...p, text: "changed" })).not.toBe(emailBodyHash(p));
  });
});

describe("fitPayload", () => {
  it("cuts the text (and says so) to fit the source's limit", async () => {
    const p = { ...emailPayload(await simpleParser(Buffer.from(RAW))), text: "é".repeat(5000) };
    const json = fitPayload(p, 4096)!;
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(4096);
    expect(JSON.parse(json)).toMatchObject({ textTruncated: true, subject: "Quote for 50 seats" });
    expect(fitPayload(p, 100_000)).toBe(JSON.stringify(p));
  });
});

describe("recipientSourceKey", () => {
  it("reads the source key from the local part, on the configured domain only", () => {
    expect(recipientSourceKey("Web-Leads@In.Example", "in.example")).toBe("web-leads");
    expect(recipientSourceKey("web-leads@other.example", "in.example")).toBeNull();
    expect(recipientSourceKey("web-leads@other.example", undefined)).toBe("web-leads");
    expect(recipientSourceKey("not a key!@in.example", "in.example")).toBeNull();
    expect(recipientSourceKey("@in.example", undefined)).toBeNull();
  });
});

describe("htmlToText", () => {
  it("drops script and style, breaks blocks into lines and decodes entities", () => {
    expect(
      htmlToText(
        "<style>p{}</style><p>Hi&nbsp;Ana &amp; Bo</p><script>x()</script><div>&#169; &#x1F600;</div>",
      ),
    ).toBe("Hi Ana & Bo\n\n© 😀");
  });
});
