import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { fieldErrorsFromIssues } from "@/lib/server/errors";
import { ZCreateSourceForm, ZRotateSourceSecretForm } from "./schema";

const errors = (res: z.ZodSafeParseResult<unknown>) =>
  res.success ? {} : fieldErrorsFromIssues(res.error.issues);

describe("ZCreateSourceForm", () => {
  it("turns the form's text into a source: blank fields left out, KB into bytes", () => {
    expect(
      ZCreateSourceForm.parse({
        key: "crm",
        name: "CRM",
        description: "",
        contract: " ",
        maxBodyKb: "",
      }),
    ).toEqual({
      key: "crm",
      name: "CRM",
      description: undefined,
      contract: undefined,
      maxBodyBytes: undefined,
    });
    expect(
      ZCreateSourceForm.parse({
        key: "crm",
        name: "CRM",
        contract: '{"type":"object","required":["email"]}',
        maxBodyKb: "64",
      }),
    ).toMatchObject({ contract: { type: "object", required: ["email"] }, maxBodyBytes: 65_536 });
  });

  it("names the field of each error: JSON syntax, unsupported keywords, size", () => {
    const parse = (input: object) => errors(ZCreateSourceForm.safeParse(input));
    expect(parse({ key: "crm", name: "x", contract: '{"type":' })).toEqual({
      contract: [expect.stringMatching(/^Not valid JSON: /)],
    });
    expect(parse({ key: "crm", name: "x", contract: '{"$ref":"#/a"}' }).contract).toEqual([
      "Invalid contract: can't resolve reference #/a from id #",
    ]);
    expect(parse({ key: "crm", name: "x", contract: "[1]" }).contract).toHaveLength(1);
    expect(parse({ key: "crm", name: "x", maxBodyKb: "abc" }).maxBodyKb).toEqual([
      "Enter a number of KB",
    ]);
    expect(parse({ key: "crm", name: "x", maxBodyKb: "20000" }).maxBodyKb).toHaveLength(1);
    expect(Object.keys(parse({ key: "No Caps", name: "" })).sort()).toEqual(["key", "name"]);
  });
});

describe("ZRotateSourceSecretForm", () => {
  it("defaults the overlap to 60 minutes and refuses a negative one", () => {
    expect(ZRotateSourceSecretForm.parse({ sourceKey: "crm", overlapMinutes: "" })).toEqual({
      sourceKey: "crm",
      overlapMinutes: 60,
    });
    expect(
      ZRotateSourceSecretForm.parse({ sourceKey: "crm", overlapMinutes: "0" }).overlapMinutes,
    ).toBe(0);
    const res = ZRotateSourceSecretForm.safeParse({ sourceKey: "crm", overlapMinutes: "-5" });
    expect(errors(res)).toEqual({ overlapMinutes: [expect.any(String)] });
  });
});

describe("verification fields of the forms", () => {
  it("rotation takes a pasted provider secret; blank means Baton makes one", () => {
    expect(
      ZRotateSourceSecretForm.parse({
        sourceKey: "crm",
        overlapMinutes: "5",
        secret: " whsec_abc12345 ",
      }),
    ).toEqual({ sourceKey: "crm", overlapMinutes: 5, secret: "whsec_abc12345" });
    expect(ZRotateSourceSecretForm.parse({ sourceKey: "crm", secret: "" })).toEqual({
      sourceKey: "crm",
      overlapMinutes: 60,
    });
  });

  it("create: a provider-issued preset without its secret is a field error on secret", () => {
    const res = ZCreateSourceForm.safeParse({
      key: "hs",
      name: "HubSpot",
      verification: "hubspot-v3",
    });
    expect(Object.keys(errors(res))).toEqual(["secret"]);
    const ok = ZCreateSourceForm.parse({
      key: "hs",
      name: "HubSpot",
      verification: "hubspot-v3",
      secret: "hubspot-client-secret-1",
      publicUrl: "https://baton.example/api/v1/sources/hs/events",
    });
    expect(ok).toMatchObject({
      verification: "hubspot-v3",
      secret: "hubspot-client-secret-1",
      verificationConfig: { publicUrl: "https://baton.example/api/v1/sources/hs/events" },
    });
  });
});
