import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeUser } from "@/test/factories";
import { makeSource } from "@/test/ingest";
import { getFormConfig } from "./data";
import { updateFormConfig } from "./mutations";

describe("updateFormConfig", () => {
  it("saves the settings for an admin, audits only what changed, and applies at once", async () => {
    const source = await makeSource();
    const { actor } = await makeUser("ADMIN");
    // Cached before the change: the update must forget it.
    expect((await getFormConfig(source.id)).enabled).toBe(false);
    const first = await updateFormConfig(actor, source.id, {
      enabled: true,
      allowedOrigins: ["https://shop.example.com/"],
    });
    expect(first.config.allowedOrigins).toEqual(["https://shop.example.com"]);
    expect((await getFormConfig(source.id)).enabled).toBe(true);

    const second = await updateFormConfig(actor, source.id, {
      ...first.config,
      minFillSeconds: 8,
    });
    expect(second.changed).toEqual(["minFillSeconds"]);
    const entries = await db.auditEntry.findMany({
      where: { action: "source.form_updated", entityId: source.id },
      orderBy: { createdAt: "asc" },
    });
    expect(entries).toHaveLength(2);
    expect(entries[1].before).toEqual({ minFillSeconds: 3 });
    expect(entries[1].after).toEqual({ minFillSeconds: 8 });

    // Nothing changed: no write, no entry.
    const same = await updateFormConfig(actor, source.id, second.config);
    expect(same.changed).toEqual([]);
    expect(
      await db.auditEntry.count({ where: { action: "source.form_updated", entityId: source.id } }),
    ).toBe(2);
  });

  it("refuses managers and agents, and an enabled form without origins", async () => {
    const source = await makeSource();
    for (const role of ["MANAGER", "AGENT"] as const) {
      const { actor } = await makeUser(role);
      await expect(
        updateFormConfig(actor, source.id, {
          enabled: true,
          allowedOrigins: ["https://a.example"],
        }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const { actor } = await makeUser("ADMIN");
    await expect(updateFormConfig(actor, source.id, { enabled: true })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { errors: { allowedOrigins: [expect.any(String)] } },
    });
    const row = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(row.formConfig).toBeNull();
  });
});
