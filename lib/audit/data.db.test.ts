import { describe, expect, it } from "vitest";
import { recordAudit, SYSTEM_ACTOR } from "@/lib/server/audit/record";
import { auditActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { makeUser, uniq } from "@/test/factories";
import { findAuditEntries, findAuditPage } from "./data";
import { ZAuditListQuery } from "./schema";

describe("audit queries", () => {
  it("filter by actor (user id, email, system), entity, action prefix and time, and page by cursor", async () => {
    const { actor } = await makeUser("ADMIN");
    const entityId = uniq("ent");
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 5; i++) {
        await recordAudit(tx, {
          actor: auditActor(actor),
          action: i % 2 ? "thing.renamed" : "thing.moved",
          entityType: "thing",
          entityId,
        });
      }
      await recordAudit(tx, {
        actor: SYSTEM_ACTOR,
        action: "thing.swept",
        entityType: "thing",
        entityId,
      });
    });

    const mine = await findAuditPage({ actor: actor.id, entityId, limit: 2 });
    expect(mine.data).toHaveLength(2);
    const seen = [...mine.data];
    let cursor = mine.nextCursor;
    while (cursor) {
      const next = await findAuditPage({ actor: actor.id, entityId, limit: 2, cursor });
      seen.push(...next.data);
      cursor = next.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen.map((e) => e.id)).size).toBe(5);

    expect((await findAuditPage({ actor: actor.email, entityId, limit: 50 })).data).toHaveLength(5);
    const system = await findAuditPage({ actor: "system", entityId, limit: 50 });
    expect(system.data.map((e) => e.action)).toEqual(["thing.swept"]);
    const renamed = await findAuditEntries({ action: "thing.ren", entityId, page: 1, perPage: 10 });
    expect(renamed.total).toBe(2);
    const future = await findAuditPage({ entityId, from: new Date(Date.now() + 60_000), limit: 5 });
    expect(future.data).toHaveLength(0);
    const past = await findAuditPage({
      entityType: "thing",
      entityId,
      to: new Date(Date.now() + 60_000),
      limit: 50,
    });
    expect(past.data).toHaveLength(6);
    await expect(findAuditPage({ cursor: "garbage", limit: 5 })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });

  it("validates the REST query", () => {
    expect(ZAuditListQuery.safeParse({ from: "2030-01-02", to: "2030-01-01" }).success).toBe(false);
    expect(ZAuditListQuery.safeParse({ from: "yesterday" }).success).toBe(false);
    expect(ZAuditListQuery.parse({ actor: "", limit: "20" })).toMatchObject({
      actor: undefined,
      limit: 20,
    });
  });
});
