import { describe, expect, it } from "vitest";
import {
  MAX_BATCH_EVENTS,
  MAX_BODY_FIELDS,
  MAX_FIELD_BYTES,
  decodeBody,
  isDecodableMediaType,
} from "./body-formats";

const buf = (s: string) => Buffer.from(s, "utf8");

function multipart(parts: { name: string; value?: string; filename?: string; type?: string }[]) {
  const boundary = "----batonTestBoundary7MA4YWxk";
  const chunks = parts.map((p) => {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ""}`;
    const type = p.type ? `\r\nContent-Type: ${p.type}` : "";
    return `--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n${p.value ?? ""}\r\n`;
  });
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: buf(`${chunks.join("")}--${boundary}--\r\n`),
  };
}

describe("decodeBody: JSON", () => {
  it("reads an object, with charset and +json types", async () => {
    expect(await decodeBody("application/json; charset=utf-8", buf('{"a":1}'))).toEqual({
      ok: true,
      kind: "json",
      value: { a: 1 },
    });
    const cloud = await decodeBody("application/cloudevents+json", buf('{"id":"x"}'));
    expect(cloud).toMatchObject({ ok: true, kind: "json" });
  });

  it("reads a batch as an array of objects (the caller splits it)", async () => {
    const r = await decodeBody("application/json", buf('[{"eventId":1},{"eventId":2}]'));
    expect(r).toEqual({ ok: true, kind: "json", value: [{ eventId: 1 }, { eventId: 2 }] });
  });

  it("refuses an empty batch, a batch of non-objects and an over-long batch", async () => {
    expect(await decodeBody("application/json", buf("[]"))).toMatchObject({
      ok: false,
      status: 400,
    });
    const mixed = await decodeBody("application/json", buf('[{"a":1}, 2]'));
    expect(mixed).toMatchObject({ ok: false, status: 400, field: "1" });
    if (!mixed.ok) expect(mixed.message).toContain("Batch element 1");
    const long = JSON.stringify(Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => ({})));
    expect(await decodeBody("application/json", buf(long))).toMatchObject({
      ok: false,
      status: 413,
    });
  });

  it("refuses invalid JSON with the position only, and scalars", async () => {
    const bad = await decodeBody("application/json", buf('{"secret": "hunter2"'));
    expect(bad).toMatchObject({ ok: false, reason: "MALFORMED_JSON", status: 400 });
    if (!bad.ok) expect(bad.message).not.toContain("hunter2");
    expect(await decodeBody("application/json", buf('"x"'))).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await decodeBody("application/json", buf(""))).toMatchObject({
      ok: false,
      message: "Body is empty",
    });
  });

  it("refuses too-deep nesting, NUL text and invalid UTF-8", async () => {
    const deep = "[".repeat(70) + "]".repeat(70);
    expect(await decodeBody("application/json", buf(`{"a":${deep}}`))).toMatchObject({
      ok: false,
      status: 400,
    });
    const nul = await decodeBody("application/json", buf('{"a":"x\\u0000"}'));
    expect(nul).toMatchObject({ ok: false, status: 400, field: "a" });
    const latin1 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]);
    expect(await decodeBody("application/json", latin1)).toMatchObject({ ok: false, status: 400 });
  });
});

describe("decodeBody: forms", () => {
  it("urlencoded: repeated keys become arrays, brackets stay literal", async () => {
    const r = await decodeBody(
      "application/x-www-form-urlencoded",
      buf("From=%2B15551234567&Body=Hi+there&tag=a&tag=b&tag=c&q3_name[first]=Ada"),
    );
    expect(r).toEqual({
      ok: true,
      kind: "form",
      value: {
        From: "+15551234567",
        Body: "Hi there",
        tag: ["a", "b", "c"],
        "q3_name[first]": "Ada",
      },
    });
  });

  it("keeps a field named __proto__ as a field, not a prototype", async () => {
    const r = await decodeBody("application/x-www-form-urlencoded", buf("__proto__=x&a=1"));
    expect(r.ok).toBe(true);
    if (!r.ok || Array.isArray(r.value)) return;
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    expect(Object.keys(r.value)).toEqual(["__proto__", "a"]);
    expect(JSON.parse(JSON.stringify(r.value))).toEqual(JSON.parse('{"__proto__":"x","a":"1"}'));
  });

  it("urlencoded: names the field over the size limit (413) and caps the field count", async () => {
    const big = await decodeBody(
      "application/x-www-form-urlencoded",
      buf(`ok=1&message=${"x".repeat(MAX_FIELD_BYTES + 1)}`),
    );
    expect(big).toMatchObject({ ok: false, status: 413, field: "message" });
    if (!big.ok) expect(big.message).toContain('"message"');
    const many = Array.from({ length: MAX_BODY_FIELDS + 1 }, (_, i) => `f${i}=1`).join("&");
    const r = await decodeBody("application/x-www-form-urlencoded", buf(many));
    expect(r).toMatchObject({ ok: false, status: 413 });
  });

  it("multipart: fields and repeated names; an empty file input is absent", async () => {
    const { contentType, body } = multipart([
      { name: "email", value: "ada@example.com" },
      { name: "tag", value: "a" },
      { name: "tag", value: "b" },
      { name: "empty", filename: "", type: "application/octet-stream", value: "" },
    ]);
    expect(await decodeBody(contentType, body)).toEqual({
      ok: true,
      kind: "multipart",
      value: { email: "ada@example.com", tag: ["a", "b"] },
    });
  });

  it("multipart: refuses a file upload with 415, naming the field", async () => {
    const { contentType, body } = multipart([
      { name: "email", value: "ada@example.com" },
      { name: "cv", filename: "cv.pdf", type: "application/pdf", value: "%PDF-1.4 secret bytes" },
    ]);
    const r = await decodeBody(contentType, body);
    expect(r).toMatchObject({
      ok: false,
      reason: "UNSUPPORTED_MEDIA_TYPE",
      status: 415,
      field: "cv",
      message: 'File uploads are not accepted (field "cv")',
    });
    expect(JSON.stringify(r)).not.toContain("secret bytes");
  });

  it("multipart: names an over-size field, refuses a missing boundary", async () => {
    const { contentType, body } = multipart([
      { name: "note", value: "y".repeat(MAX_FIELD_BYTES + 10) },
    ]);
    expect(await decodeBody(contentType, body)).toMatchObject({
      ok: false,
      status: 413,
      field: "note",
    });
    expect(await decodeBody("multipart/form-data", buf("x"))).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it("multipart: refuses an over-long field name instead of truncating it", async () => {
    const { contentType, body } = multipart([{ name: "n".repeat(300), value: "1" }]);
    expect(await decodeBody(contentType, body)).toMatchObject({ ok: false, status: 400 });
  });
});

describe("decodeBody: text and media types", () => {
  it("text/plain becomes { text }", async () => {
    expect(await decodeBody("text/plain; charset=utf-8", buf("Call me back\nAda"))).toEqual({
      ok: true,
      kind: "text",
      value: { text: "Call me back\nAda" },
    });
  });

  it("refuses other media types with 415, naming what came", async () => {
    const r = await decodeBody("application/xml", buf("<a/>"));
    expect(r).toMatchObject({ ok: false, reason: "UNSUPPORTED_MEDIA_TYPE", status: 415 });
    if (!r.ok) expect(r.message).toContain('"application/xml"');
    expect(await decodeBody(null, buf("{}"))).toMatchObject({ ok: false, status: 415 });
    expect(isDecodableMediaType("text/html")).toBe(false);
    expect(isDecodableMediaType("Application/JSON")).toBe(true);
  });
});
