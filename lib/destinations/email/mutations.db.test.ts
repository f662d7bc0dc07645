import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { openSecret } from "@/lib/server/secret-box";
import { makeUser, uniq } from "@/test/factories";
import { getDestinationByKey } from "../data";
import { getSmtpSettings } from "./data";
import { createEmailDestination, saveReviewKeywords, updateEmailSettings } from "./mutations";

const smtp = {
  host: "smtp.example.com",
  port: 587,
  tls: "starttls" as const,
  username: "baton",
  password: "s3cret-pass",
  from: "Sales <sales@example.com>",
};

describe("email destination settings", () => {
  it("seals the password, never shows it, keeps it on a blank update and audits without it", async () => {
    const { actor } = await makeUser("ADMIN");
    const key = uniq("mail");
    const d = await createEmailDestination(actor, {
      key,
      name: "Mail",
      smtp,
      timeoutMs: 5000,
      maxAttempts: 3,
      backoffBaseMs: 1000,
    });
    expect(JSON.stringify(await getDestinationByKey(key))).not.toContain("s3cret");
    expect(await getSmtpSettings(d.id)).toMatchObject({
      host: "smtp.example.com",
      hasPassword: true,
    });
    expect(JSON.stringify(await getSmtpSettings(d.id))).not.toContain("enc:v1");

    const r = await updateEmailSettings(actor, d.id, {
      ...smtp,
      port: 465,
      tls: "implicit",
      password: "",
    });
    expect(r.changed.sort()).toEqual(["port", "tls"]);
    const row = await db.destination.findUniqueOrThrow({ where: { id: d.id } });
    expect(openSecret((row.settings as { passwordSealed: string }).passwordSealed)).toBe(
      "s3cret-pass",
    );
    expect(row.url).toBe("smtps://smtp.example.com:465");
    const audits = await db.auditEntry.findMany({ where: { entityId: d.id } });
    expect(audits.map((a) => a.action).sort()).toEqual([
      "destination.created",
      "destination.smtp_updated",
    ]);
    expect(JSON.stringify(audits)).not.toContain("s3cret");

    await updateEmailSettings(actor, d.id, { ...smtp, password: "new-pass" });
    const after = await db.destination.findUniqueOrThrow({ where: { id: d.id } });
    expect(openSecret((after.settings as { passwordSealed: string }).passwordSealed)).toBe(
      "new-pass",
    );
    expect(
      (
        await db.auditEntry.findFirstOrThrow({
          where: { entityId: d.id, action: "destination.smtp_updated" },
          orderBy: { createdAt: "desc" },
        })
      ).after,
    ).toMatchObject({ passwordChanged: true });
  });

  it("refuses managers and agents on the server", async () => {
    const { actor: manager } = await makeUser("MANAGER");
    const input = {
      key: uniq("mail"),
      name: "M",
      smtp,
      timeoutMs: 1000,
      maxAttempts: 1,
      backoffBaseMs: 100,
    };
    await expect(createEmailDestination(manager, input)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(saveReviewKeywords(manager, ["refund"])).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
