import { describe, expect, it } from "vitest";
import { verifySignature } from "@/lib/ingest/verify-signature";
import { db } from "@/lib/server/db";
import { openSecret } from "@/lib/server/secret-box";
import { makeUser, uniq } from "@/test/factories";
import { signedHeaders } from "@/test/ingest";
import { checkSourceContract, getSourceDetail } from "./data";
import { createSource, endSecretOverlap, rotateSourceSecret, updateSource } from "./mutations";
import { ZContractCheckForm, ZUpdateSource, ZUpdateSourceForm } from "./schema";

const CONTRACT = {
  type: "object",
  required: ["email"],
  properties: { email: { type: "string", format: "email" } },
};

async function newSource() {
  const { actor } = await makeUser("ADMIN");
  const source = await createSource(actor, {
    key: uniq("upd-"),
    name: "Before",
    description: "old text",
    contract: CONTRACT,
    identityMapping: { email: "email" },
  });
  return { actor, source };
}

async function auditsOf(sourceId: string, action = "source.updated") {
  return db.auditEntry.findMany({
    where: { entityType: "source", entityId: sourceId, action },
    orderBy: { createdAt: "asc" },
  });
}

describe("updateSource", () => {
  it("saves the changes and audits only the changed fields, never a secret", async () => {
    const { actor, source } = await newSource();
    const saved = await updateSource(
      actor,
      source.id,
      {
        name: "After",
        description: "old text", // unchanged: left out of the audit
        maxBodyBytes: 2048,
        fieldMapping: { name: "{firstName} {lastName}", company: "org.name" },
        identityMapping: { email: "contact.email", externalId: "id" },
      },
      { requestId: "req-1" },
    );
    expect(saved.changed.sort()).toEqual([
      "fieldMapping",
      "identityMapping",
      "maxBodyBytes",
      "name",
    ]);
    expect(saved).toMatchObject({ name: "After", maxBodyBytes: 2048 });
    const row = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(row.fieldMapping).toEqual({ name: "{firstName} {lastName}", company: "org.name" });

    const [audit] = await auditsOf(source.id);
    expect(audit).toMatchObject({
      actorId: actor.id,
      requestId: "req-1",
      before: {
        name: "Before",
        maxBodyBytes: 1048576,
        fieldMapping: null,
        identityMapping: { email: "email" },
      },
      after: {
        name: "After",
        maxBodyBytes: 2048,
        fieldMapping: { name: "{firstName} {lastName}", company: "org.name" },
        identityMapping: { email: "contact.email", externalId: "id" },
      },
    });
    expect(Object.keys(audit.before as object).sort()).toEqual(saved.changed.sort());
    const all = JSON.stringify(await db.auditEntry.findMany({ where: { entityId: source.id } }));
    expect(all).not.toContain("whsec_");
    expect(all).not.toContain(source.signingSecret.slice(6, 30));
  });

  it("treats a contract with reordered keys as unchanged, and a no-op writes nothing", async () => {
    const { actor, source } = await newSource();
    const reordered = {
      properties: { email: { format: "email", type: "string" } },
      required: ["email"],
      type: "object",
    };
    const saved = await updateSource(actor, source.id, { contract: reordered, name: "Before" });
    expect(saved.changed).toEqual([]);
    expect(await auditsOf(source.id)).toHaveLength(0);
  });

  it("clears the contract with null, and putting `before` back reverts it", async () => {
    const { actor, source } = await newSource();
    await updateSource(actor, source.id, { contract: null, active: false, description: null });
    let row = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(row).toMatchObject({ contract: null, active: false, description: null });

    const [audit] = await auditsOf(source.id);
    expect(audit.after).toEqual({ contract: null, active: false, description: null });
    // What a generic "revert" does: apply `before` as the change.
    await updateSource(actor, source.id, ZUpdateSource.parse(audit.before));
    row = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(row).toMatchObject({ contract: CONTRACT, active: true, description: "old text" });
    expect(await auditsOf(source.id)).toHaveLength(2);
  });

  it("answers NOT_FOUND for an unknown source", async () => {
    const { actor } = await makeUser("ADMIN");
    await expect(updateSource(actor, "nope", { name: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("ZUpdateSource", () => {
  const errorsOf = (input: unknown) => {
    const res = ZUpdateSource.safeParse(input);
    return res.success ? null : res.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("refuses bad input with the field named", () => {
    expect(errorsOf({})).toEqual([": Send at least one field to change"]);
    expect(errorsOf({ maxBodyBytes: 10 })?.[0]).toMatch(/^maxBodyBytes: At least 1024/);
    expect(errorsOf({ maxBodyBytes: 20_000_000 })?.[0]).toMatch(/^maxBodyBytes: At most/);
    expect(errorsOf({ contract: { oneOf: [] } })?.[0]).toMatch(
      /^contract: Invalid contract: oneOf: must NOT have fewer than 1 items/,
    );
    expect(errorsOf({ contract: [1] })?.[0]).toMatch(/^contract: /);
    expect(errorsOf({ identityMapping: { email: "a b" } })?.[0]).toMatch(
      /^identityMapping.email: /,
    );
    expect(errorsOf({ fieldMapping: { name: "{first" } })?.[0]).toMatch(/^fieldMapping.name: /);
    expect(errorsOf({ fieldMapping: { owner: "x" } })?.[0]).toMatch(/^fieldMapping: /);
    expect(errorsOf({ signingSecret: "whsec_x" })?.[0]).toMatch(/Unrecognized key/);
    expect(errorsOf({ name: "  " })?.[0]).toMatch(/^name: Enter a name/);
    expect(errorsOf({ fieldMapping: { name: "{firstName} {lastName}", phone: "a.b" } })).toBeNull();
  });
});

describe("ZUpdateSourceForm", () => {
  it("turns each section's text fields into a change set", () => {
    expect(
      ZUpdateSourceForm.parse({
        sourceKey: "crm",
        name: " CRM ",
        description: "",
        active: "false",
        maxBodyBytes: "4096",
      }),
    ).toEqual({
      sourceKey: "crm",
      changes: { name: "CRM", description: null, active: false, maxBodyBytes: 4096 },
    });
    expect(
      ZUpdateSourceForm.parse({
        sourceKey: "crm",
        sections: "identity,fields",
        identityEmail: "contactEmail",
        identityExternalId: "",
        mapEmail: "",
        mapName: "",
        mapCompany: "",
        mapPhone: "",
      }),
    ).toEqual({
      sourceKey: "crm",
      changes: { identityMapping: { email: "contactEmail" }, fieldMapping: null },
    });
    expect(ZUpdateSourceForm.parse({ sourceKey: "crm", contract: "  " }).changes).toEqual({
      contract: null,
    });
    const bad = ZUpdateSourceForm.safeParse({
      sourceKey: "crm",
      contract: "{oops",
      maxBodyBytes: "12",
      mapName: "{x",
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["contract", "maxBodyBytes", "mapName"]));
  });
});

describe("endSecretOverlap", () => {
  it("stops the previous secret at once, audited without secrets; 409 when none runs", async () => {
    const { actor, source } = await newSource();
    const rotated = await rotateSourceSecret(actor, source.id, { overlapMinutes: 30 });
    const verify = async (secret: string) => {
      const row = await db.source.findUniqueOrThrow({ where: { id: source.id } });
      const body = JSON.stringify({ email: "a@example.com" });
      return verifySignature({
        headers: new Headers(signedHeaders(secret, body)),
        body,
        secrets: {
          current: openSecret(row.signingSecret),
          previous: row.previousSecret && openSecret(row.previousSecret),
          previousExpiresAt: row.previousSecretExpiresAt,
        },
      }).ok;
    };
    expect(await verify(source.signingSecret)).toBe(true);
    expect(await verify(rotated.signingSecret)).toBe(true);

    await endSecretOverlap(actor, source.id);
    expect(await verify(source.signingSecret)).toBe(false);
    expect(await verify(rotated.signingSecret)).toBe(true);
    const [audit] = await auditsOf(source.id, "source.secret_overlap_ended");
    expect(audit.after).toEqual({ previousSecretExpiresAt: null });
    expect(JSON.stringify(audit)).not.toContain("whsec_");

    await expect(endSecretOverlap(actor, source.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("contract check", () => {
  async function withEvents(payloads: string[]) {
    const { actor, source } = await newSource();
    const base = Date.now() - 60_000;
    const ids: string[] = [];
    for (const [i, payload] of payloads.entries()) {
      const e = await db.event.create({
        data: {
          sourceId: source.id,
          idempotencyKey: uniq("k"),
          bodyHash: uniq("h"),
          payload,
          headers: {},
          receivedAt: new Date(base + i * 1000),
          deadlineAt: new Date(base + 3_600_000),
        },
      });
      ids.push(e.id);
    }
    return { actor, source, ids };
  }

  it("lists exactly the events a candidate contract would refuse, with field paths", async () => {
    const { source, ids } = await withEvents([
      JSON.stringify({ email: "a@example.com", amount: 5 }),
      JSON.stringify({ email: "b@example.com" }),
      JSON.stringify({ email: "not-an-email", amount: -1 }),
      JSON.stringify({ email: "d@example.com", amount: "12" }),
    ]);
    const candidate = {
      type: "object",
      required: ["email", "amount"],
      properties: {
        email: { type: "string", format: "email" },
        amount: { type: "number", minimum: 0 },
      },
    };
    const result = await checkSourceContract(source, candidate, 200);
    expect(result.checked).toBe(4);
    expect(result.failing).toBe(3);
    // Newest first: the order the check reads them.
    expect(result.failures.map((f) => f.eventId)).toEqual([ids[3], ids[2], ids[1]]);
    const byId = new Map(result.failures.map((f) => [f.eventId, f]));
    expect(byId.get(ids[1])?.issues).toEqual([{ path: "amount", message: "is required" }]);
    expect(byId.get(ids[2])?.issues).toEqual([
      { path: "email", message: "must be an email address" },
      { path: "amount", message: "must be ≥ 0" },
    ]);
    expect(byId.get(ids[3])?.issues).toEqual([{ path: "amount", message: "must be a number" }]);
    // The contract in force already refuses the bad email; the other two are new breaks.
    expect(byId.get(ids[2])?.failsToday).toBe(true);
    expect(result.newlyFailing).toBe(2);

    // Only the last N events are read.
    const two = await checkSourceContract(source, candidate, 2);
    expect(two.checked).toBe(2);
    expect(two.failures.map((f) => f.eventId)).toEqual([ids[3], ids[2]]);
    // No contract accepts everything.
    expect((await checkSourceContract(source, null, 200)).failing).toBe(0);
  });

  it("validates the form: JSON, the keywords, N's bounds", () => {
    const parse = (input: object) => ZContractCheckForm.safeParse({ sourceKey: "crm", ...input });
    expect(parse({ contract: "{", limit: "" }).error?.issues[0].path).toEqual(["contract"]);
    expect(parse({ contract: '{"anyOf":[]}' }).error?.issues[0].message).toMatch(
      /^Invalid contract: anyOf/,
    );
    expect(parse({ contract: "{}", limit: "0" }).error?.issues[0].path).toEqual(["limit"]);
    expect(parse({ contract: "{}", limit: "5000" }).error?.issues[0].path).toEqual(["limit"]);
    expect(parse({ contract: "{}", limit: "" }).data?.limit).toBe(200);
  });

  it("counts the overview per day and by reason", async () => {
    const { source } = await withEvents([JSON.stringify({ email: "a@example.com" })]);
    const today = new Date(
      Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()),
    );
    await db.sourceRejectionCount.createMany({
      data: [
        {
          sourceId: source.id,
          reason: "INVALID_SIGNATURE",
          day: today,
          count: 3,
          lastAt: new Date(),
        },
        {
          sourceId: source.id,
          reason: "PAYLOAD_TOO_LARGE",
          day: new Date(today.getTime() - 30 * 86_400_000),
          count: 2,
          lastAt: new Date(today.getTime() - 30 * 86_400_000),
        },
      ],
    });
    const detail = await getSourceDetail(source.key);
    expect(detail).toMatchObject({ accepted: 1, rejected: 5 });
    expect(detail!.days).toHaveLength(7);
    expect(detail!.days.at(-1)).toMatchObject({ rejected: 3 });
    expect(detail!.days.reduce((n, d) => n + d.accepted, 0)).toBe(1);
    expect(detail!.rejectedByReason).toEqual([
      expect.objectContaining({ reason: "INVALID_SIGNATURE", count: 3, lastWeek: 3 }),
      expect.objectContaining({ reason: "PAYLOAD_TOO_LARGE", count: 2, lastWeek: 0 }),
    ]);
    expect(detail!.recentEvents).toHaveLength(1);
    expect(JSON.stringify(detail)).not.toContain("whsec_");
  });
});
