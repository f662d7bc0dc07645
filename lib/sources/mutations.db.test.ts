import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { isSealed, openSecret } from "@/lib/server/secret-box";
import { makeUser, uniq } from "@/test/factories";
import { findSources, getSourceByKey } from "./data";
import { createSource, rotateSourceSecret } from "./mutations";
import { ZCreateSource, ZRotateSourceSecret } from "./schema";

describe("createSource", () => {
  it("returns the secret once, stores it, and audits without it", async () => {
    const { actor } = await makeUser("ADMIN");
    const key = uniq("crm-");
    const created = await createSource(actor, {
      key,
      name: "CRM",
      contract: { type: "object", required: ["email"] },
      identityMapping: { email: "contact.email" },
      maxBodyBytes: 4096,
    });
    expect(created.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.signingSecret.slice(6), "base64")).toHaveLength(32);
    expect(created).toMatchObject({ key, name: "CRM", maxBodyBytes: 4096, active: true });

    const row = await db.source.findUniqueOrThrow({ where: { id: created.id } });
    expect(isSealed(row.signingSecret)).toBe(true);
    expect(openSecret(row.signingSecret)).toBe(created.signingSecret);
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { entityId: created.id, action: "source.created" },
    });
    expect(audit.actorId).toBe(actor.id);
    expect(JSON.stringify(audit)).not.toContain(created.signingSecret.slice(6, 30));

    // Reads never carry a secret.
    const listed = (await findSources()).find((s) => s.id === created.id);
    expect(listed).toMatchObject({ key, accepted: 0, rejected: 0 });
    expect(JSON.stringify(listed)).not.toContain("whsec_");
    expect(JSON.stringify(await getSourceByKey(key))).not.toContain("whsec_");
  });

  it("answers 409 with errors.key for a taken key, even when two create at once", async () => {
    const { actor } = await makeUser("ADMIN");
    const key = uniq("dup-");
    await createSource(actor, { key, name: "one" });
    await expect(createSource(actor, { key, name: "two" })).rejects.toMatchObject({
      code: "CONFLICT",
      details: { errors: { key: ["A source with this key already exists"] } },
    });
    const raced = uniq("race-");
    const results = await Promise.allSettled([
      createSource(actor, { key: raced, name: "a" }),
      createSource(actor, { key: raced, name: "b" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected");
    expect(lost).toMatchObject({ reason: { code: "CONFLICT" } });
  });
});

describe("ZCreateSource", () => {
  const base = { key: "web-form-2", name: "Form" };
  const errorsOf = (input: unknown) => {
    const res = ZCreateSource.safeParse(input);
    return res.success ? [] : res.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("accepts a minimal source and a full one", () => {
    expect(errorsOf(base)).toEqual([]);
    expect(
      errorsOf({
        ...base,
        description: "d",
        contract: { type: "object", properties: { email: { type: "string", format: "email" } } },
        identityMapping: { email: "customer.email", externalId: "id" },
        maxBodyBytes: 1024,
      }),
    ).toEqual([]);
  });

  it("refuses bad keys, contracts, mappings and limits, naming the field", () => {
    for (const key of ["A", "-lead", "has space", "x", "a".repeat(64), "ümlaut"]) {
      expect(errorsOf({ ...base, key })[0]).toMatch(/^key: /);
    }
    expect(errorsOf({ ...base, contract: [] })[0]).toMatch(/^contract: /);
    expect(errorsOf({ ...base, contract: "string" })[0]).toMatch(/^contract: /);
    expect(errorsOf({ ...base, contract: { oneOf: [], $ref: "#/x" } })).toEqual([
      "contract: Invalid contract: oneOf: must NOT have fewer than 1 items",
    ]);
    expect(errorsOf({ ...base, identityMapping: { email: "a..b" } })[0]).toMatch(
      /^identityMapping.email: /,
    );
    expect(errorsOf({ ...base, identityMapping: { phone: "p" } })[0]).toMatch(/^identityMapping/);
    expect(errorsOf({ ...base, maxBodyBytes: 1023 })[0]).toMatch(/^maxBodyBytes: At least 1 KB/);
    expect(errorsOf({ ...base, maxBodyBytes: 10 * 1024 * 1024 + 1 })[0]).toMatch(
      /^maxBodyBytes: At most 10 MB/,
    );
  });
});

describe("rotateSourceSecret", () => {
  it("moves the current secret to previous for the overlap and audits without secrets", async () => {
    const { actor } = await makeUser("ADMIN");
    const created = await createSource(actor, { key: uniq("rot-"), name: "r" });
    const before = Date.now();
    const { overlapMinutes } = ZRotateSourceSecret.parse({});
    const rotated = await rotateSourceSecret(actor, created.id, { overlapMinutes });
    expect(rotated.signingSecret).toMatch(/^whsec_/);
    expect(rotated.signingSecret).not.toBe(created.signingSecret);

    // Stored sealed (AES-256-GCM), never as the text that was answered.
    const row = await db.source.findUniqueOrThrow({ where: { id: created.id } });
    expect(isSealed(row.signingSecret)).toBe(true);
    expect(row.signingSecret).not.toContain(rotated.signingSecret.slice(6, 30));
    expect(openSecret(row.signingSecret)).toBe(rotated.signingSecret);
    expect(openSecret(row.previousSecret!)).toBe(created.signingSecret);
    const overlap = (row.previousSecretExpiresAt?.getTime() ?? 0) - before;
    expect(overlap).toBeGreaterThan(59 * 60_000);
    expect(overlap).toBeLessThan(61 * 60_000);

    const audit = await db.auditEntry.findFirstOrThrow({
      where: { entityId: created.id, action: "source.secret_rotated" },
    });
    const text = JSON.stringify(audit);
    expect(text).not.toContain(created.signingSecret.slice(6, 30));
    expect(text).not.toContain(rotated.signingSecret.slice(6, 30));
  });

  it("cuts the old secret off at once with overlapMinutes 0, and 404s an unknown source", async () => {
    const { actor } = await makeUser("ADMIN");
    const created = await createSource(actor, { key: uniq("rot-"), name: "r" });
    await rotateSourceSecret(actor, created.id, { overlapMinutes: 0 });
    const row = await db.source.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.previousSecret).toBeNull();
    expect(row.previousSecretExpiresAt).toBeNull();
    await expect(rotateSourceSecret(actor, "nope", { overlapMinutes: 5 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
