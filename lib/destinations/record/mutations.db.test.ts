import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { isSealed, openSecret } from "@/lib/server/secret-box";
import { makeUser, uniq } from "@/test/factories";
import { createRecordDestination, updateRecordSettings } from "./mutations";
import { ZCreateRecordDestination, ZUpdateRecordSettings } from "./schema";
import { parseRecordSettings } from "./settings";

const form = (extra: object = {}) =>
  ZCreateRecordDestination.parse({
    key: uniq("crm").toLowerCase(),
    name: "CRM",
    url: "https://crm.example/api",
    authHeaderValue: "Bearer s3cret-value",
    ...extra,
  });

describe("systems of record: settings", () => {
  it("seals the auth header, never answers or audits it, and keeps it on a blank update", async () => {
    const { actor } = await makeUser("ADMIN");
    const created = await createRecordDestination(actor, form());
    expect(created.record).toEqual({
      authHeaderName: "Authorization",
      hasAuthHeader: true,
      reconcile: { enabled: false, windowHours: 24 },
    });
    expect(JSON.stringify(created)).not.toContain("s3cret");
    const row = await db.destination.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.kind).toBe("RECORD");
    const stored = parseRecordSettings(row.settings);
    expect(isSealed(stored.authHeaderSealed!)).toBe(true);
    expect(openSecret(stored.authHeaderSealed!)).toBe("Bearer s3cret-value");

    const input = ZUpdateRecordSettings.parse({
      destinationKey: created.key,
      authHeaderName: "X-Api-Key",
      authHeaderValue: "",
      reconcileEnabled: "on",
      reconcileWindowHours: "6",
    });
    const { destinationKey: _k, ...changes } = input;
    await updateRecordSettings(actor, created.id, changes);
    const kept = parseRecordSettings(
      (await db.destination.findUniqueOrThrow({ where: { id: created.id } })).settings,
    );
    expect(kept.authHeaderSealed).toBe(stored.authHeaderSealed);
    expect(kept).toMatchObject({
      authHeaderName: "X-Api-Key",
      reconcile: { enabled: true, windowHours: 6 },
    });

    await updateRecordSettings(actor, created.id, { ...changes, clearAuthHeader: true });
    const cleared = parseRecordSettings(
      (await db.destination.findUniqueOrThrow({ where: { id: created.id } })).settings,
    );
    expect(cleared.authHeaderSealed).toBeNull();

    const audits = await db.auditEntry.findMany({ where: { entityId: created.id } });
    expect(audits.map((a) => a.action).sort()).toEqual([
      "destination.created",
      "destination.record_settings_updated",
      "destination.record_settings_updated",
    ]);
    expect(JSON.stringify(audits)).not.toContain("s3cret");
  });

  it("refuses bad input by field and an agent on the server", async () => {
    const bad = ZCreateRecordDestination.safeParse({
      key: "X",
      name: "",
      url: "ftp://crm.example",
      authHeaderName: "Bad Header",
      authHeaderValue: "a\nb",
      reconcileWindowHours: "0",
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining([
        "key",
        "name",
        "url",
        "authHeaderName",
        "authHeaderValue",
        "reconcileWindowHours",
      ]),
    );
    const { actor } = await makeUser("AGENT");
    await expect(createRecordDestination(actor, form())).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
