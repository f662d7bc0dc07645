import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { isSealed, openSecret } from "@/lib/server/secret-box";
import { makeUser } from "@/test/factories";
import { makeSource } from "@/test/ingest";
import { getEmailSettings } from "./data";
import { deleteMailbox, setMailbox } from "./mutations";
import { ZMailboxInput } from "./schema";

const input = (extra: object = {}) =>
  ZMailboxInput.parse({
    host: "imap.example.com",
    username: "leads@example.com",
    password: "s3cret-imap-pass",
    ...extra,
  });

describe("mailbox settings", () => {
  it("seals the password, never shows or audits it, and keeps it when left out", async () => {
    const source = await makeSource();
    const { actor } = await makeUser("ADMIN");
    await setMailbox(actor, source.id, input());
    const row = await db.mailbox.findUniqueOrThrow({ where: { sourceId: source.id } });
    expect(isSealed(row.passwordEnc)).toBe(true);
    expect(openSecret(row.passwordEnc)).toBe("s3cret-imap-pass");

    const settings = await getEmailSettings(source.key);
    expect(settings?.mailbox).toMatchObject({ host: "imap.example.com", port: 993, secure: true });
    expect(JSON.stringify(settings)).not.toMatch(/s3cret|passwordEnc|enc:v1/);

    await setMailbox(actor, source.id, { ...input({ folder: "Leads" }), password: undefined });
    const kept = await db.mailbox.findUniqueOrThrow({ where: { sourceId: source.id } });
    expect(openSecret(kept.passwordEnc)).toBe("s3cret-imap-pass");
    expect(kept.folder).toBe("Leads");

    const audit = await db.auditEntry.findMany({
      where: { entityId: source.id, action: "source.mailbox_set" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit).toHaveLength(2);
    expect(audit[1].after).toMatchObject({ folder: "Leads", passwordChanged: false });
    expect(JSON.stringify(audit)).not.toMatch(/s3cret|enc:v1/);

    await deleteMailbox(actor, source.id);
    expect(await db.mailbox.count({ where: { sourceId: source.id } })).toBe(0);
    expect(
      await db.auditEntry.count({
        where: { entityId: source.id, action: "source.mailbox_removed" },
      }),
    ).toBe(1);
  });

  it("refuses non-admins, a first save without a password, and hosts the guard refuses", async () => {
    const source = await makeSource();
    const { actor: manager } = await makeUser("MANAGER");
    await expect(setMailbox(manager, source.id, input())).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const { actor } = await makeUser("ADMIN");
    await expect(
      setMailbox(actor, source.id, { ...input(), password: undefined }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { errors: { password: expect.any(Array) } },
    });
    const allow = env.BATON_OUTBOUND_ALLOW;
    env.BATON_OUTBOUND_ALLOW = "";
    try {
      await expect(
        setMailbox(actor, source.id, input({ host: "127.0.0.1" })),
      ).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
        details: { errors: { host: expect.any(Array) } },
      });
    } finally {
      env.BATON_OUTBOUND_ALLOW = allow;
    }
    expect(await db.mailbox.count({ where: { sourceId: source.id } })).toBe(0);
  });
});
