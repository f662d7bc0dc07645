import { describe, expect, it } from "vitest";
import { MAX_FORM_FIELDS, readFormBody } from "./read-form-body";

const multipart = (parts: string[], boundary = "XyZ") => ({
  type: `multipart/form-data; boundary=${boundary}`,
  body: Buffer.from(parts.map((p) => `--${boundary}\r\n${p}\r\n`).join("") + `--${boundary}--\r\n`),
});

describe("readFormBody", () => {
  it("reads urlencoded fields; repeated names become arrays in order", async () => {
    const r = await readFormBody(
      "application/x-www-form-urlencoded; charset=UTF-8",
      Buffer.from("name=Ann+Lee&topic=a&topic=b&note=%C3%A9t%C3%A9"),
    );
    expect(r).toEqual({
      ok: true,
      format: "urlencoded",
      fields: { name: "Ann Lee", topic: ["a", "b"], note: "été" },
    });
  });

  it("reads multipart fields and ignores an empty file input", async () => {
    const { type, body } = multipart([
      'Content-Disposition: form-data; name="email"\r\n\r\nann@example.com',
      'Content-Disposition: form-data; name="cv"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n',
    ]);
    expect(await readFormBody(type, body)).toEqual({
      ok: true,
      format: "multipart",
      fields: { email: "ann@example.com" },
    });
  });

  it("refuses a file upload with 415", async () => {
    const { type, body } = multipart([
      'Content-Disposition: form-data; name="cv"; filename="cv.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4',
    ]);
    const r = await readFormBody(type, body);
    expect(r).toMatchObject({ ok: false, code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("reads a flat JSON object and refuses nested values", async () => {
    expect(
      await readFormBody("application/json", Buffer.from('{"a":"x","n":2,"l":["p","q"]}')),
    ).toEqual({ ok: true, format: "json", fields: { a: "x", n: "2", l: ["p", "q"] } });
    expect(await readFormBody("application/json", Buffer.from('{"a":{"b":1}}'))).toMatchObject({
      ok: false,
      code: "MALFORMED_JSON",
    });
  });

  it("refuses other media types and too many fields", async () => {
    expect(await readFormBody("text/xml", Buffer.from("<a/>"))).toMatchObject({
      ok: false,
      code: "UNSUPPORTED_MEDIA_TYPE",
    });
    const many = Array.from({ length: MAX_FORM_FIELDS + 1 }, (_, i) => `f${i}=1`).join("&");
    expect(
      await readFormBody("application/x-www-form-urlencoded", Buffer.from(many)),
    ).toMatchObject({ ok: false });
  });
});
