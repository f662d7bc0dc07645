import { describe, expect, it } from "vitest";
import {
  duplicateSuspicion,
  identityKeyFor,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  samePhone,
} from "@/lib/ingest/identity";

describe("normaliseEmail", () => {
  it("trims, lowercases and strips +tags for every domain", () => {
    expect(normaliseEmail("  Ana.Lima+Leads@Acme.COM ")).toBe("ana.lima@acme.com");
    expect(normaliseEmail("ops@acme.co.uk")).toBe("ops@acme.co.uk");
  });

  it("removes dots for Gmail and folds googlemail.com into gmail.com", () => {
    expect(normaliseEmail("A.N.A+x@Gmail.com")).toBe("ana@gmail.com");
    expect(normaliseEmail("ana.lima@googlemail.com")).toBe("analima@gmail.com");
  });

  it("keeps dots for other domains", () => {
    expect(normaliseEmail("a.na@outlook.com")).toBe("a.na@outlook.com");
  });

  it("keeps a local part that is only a tag", () => {
    expect(normaliseEmail("+vip@acme.com")).toBe("+vip@acme.com");
  });

  it("returns null for implausible addresses", () => {
    for (const bad of [
      "",
      "ana",
      "@acme.com",
      "ana@",
      "ana@acme",
      "a b@acme.com",
      "a@b@acme.com",
      "ana@.com",
      "ana@acme.",
      "...@gmail.com",
      null,
      42,
    ]) {
      expect(normaliseEmail(bad)).toBeNull();
    }
  });
});

describe("identityKeyFor", () => {
  it("prefers the email", () => {
    expect(identityKeyFor({ email: "Ana@Acme.com", externalId: "123", sourceKey: "crm" })).toBe(
      "email:ana@acme.com",
    );
  });

  it("falls back to the source's external id", () => {
    expect(identityKeyFor({ email: "not-an-email", externalId: " 123 ", sourceKey: "crm" })).toBe(
      "ext:crm:123",
    );
    expect(identityKeyFor({ externalId: 42, sourceKey: "billing" })).toBe("ext:billing:42");
  });

  it("returns null without either", () => {
    expect(identityKeyFor({ sourceKey: "crm" })).toBeNull();
    expect(identityKeyFor({ email: "", externalId: "  ", sourceKey: "crm" })).toBeNull();
    expect(identityKeyFor({ externalId: { id: 1 }, sourceKey: "crm" })).toBeNull();
  });
});

describe("phones and names", () => {
  it("normalises phones to digits", () => {
    expect(normalisePhone("+49 (30) 123-4567")).toBe("49301234567");
    expect(normalisePhone("0049 30 1234567")).toBe("49301234567");
    expect(normalisePhone("12345")).toBeNull();
    expect(normalisePhone(null)).toBeNull();
  });

  it("matches international and national forms by their last 9 digits", () => {
    expect(samePhone("+49 30 1234567", "030 1234567")).toBe(true);
    expect(samePhone("+1 415 555 0100", "(415) 555-0100")).toBe(true);
    expect(samePhone("+49 30 1234567", "+49 30 1234568")).toBe(false);
    expect(samePhone("1234567", "1234567")).toBe(true);
    expect(samePhone("91234567", "81234567")).toBe(false);
    expect(samePhone(undefined, "030 1234567")).toBe(false);
  });

  it("normalises names ignoring case, accents, spaces and punctuation", () => {
    expect(normaliseName(" José  Díaz ")).toBe(normaliseName("jose diaz"));
    expect(normaliseName("Acme, Inc.")).toBe(normaliseName("ACME Inc"));
    expect(normaliseName("  ")).toBeNull();
  });
});

describe("duplicateSuspicion", () => {
  const existing = [
    {
      id: "r1",
      identityKey: "email:ana@acme.com",
      email: "ana@acme.com",
      name: "Ana Lima",
      company: "Acme",
      phone: "+49 30 1234567",
    },
    {
      id: "r2",
      identityKey: "ext:crm:77",
      email: "bo@gmail.com",
      name: "Bo Chen",
      company: "Globex GmbH",
      phone: null,
    },
  ];

  it("is not a suspicion when the identity matches exactly", () => {
    expect(
      duplicateSuspicion({ identityKey: "email:ana@acme.com", phone: "+49 30 1234567" }, existing),
    ).toBeNull();
  });

  it("suspects the same email under another identity", () => {
    expect(
      duplicateSuspicion({ identityKey: "email:bo@gmail.com", email: "B.O+x@gmail.com" }, existing),
    ).toEqual({
      recordId: "r2",
      reason: "email",
      detail: "same email as Bo Chen (bo@gmail.com)",
    });
  });

  it("suspects the same phone", () => {
    expect(
      duplicateSuspicion(
        { identityKey: "email:ana.l@other.com", phone: "030 123 45 67" },
        existing,
      ),
    ).toMatchObject({
      recordId: "r1",
      reason: "phone",
    });
  });

  it("suspects the same name and company, ignoring case and spaces", () => {
    expect(
      duplicateSuspicion(
        { identityKey: "ext:web:1", name: "  bo   CHEN", company: "globex gmbh" },
        existing,
      ),
    ).toMatchObject({
      recordId: "r2",
      reason: "name_company",
      detail: "same name and company as Bo Chen at Globex GmbH",
    });
  });

  it("needs both name and company", () => {
    expect(duplicateSuspicion({ identityKey: "ext:web:1", name: "Bo Chen" }, existing)).toBeNull();
    expect(
      duplicateSuspicion(
        { identityKey: "ext:web:1", name: "Bo Chen", company: "Initech" },
        existing,
      ),
    ).toBeNull();
  });

  it("never suspects a record of duplicating itself", () => {
    expect(
      duplicateSuspicion({ ...existing[0], identityKey: "email:changed@acme.com" }, existing),
    ).toBeNull();
  });

  it("handles an empty list", () => {
    expect(duplicateSuspicion({ identityKey: "x", phone: "030 1234567" }, [])).toBeNull();
  });
});
