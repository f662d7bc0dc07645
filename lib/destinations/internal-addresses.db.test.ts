import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { makeUser, uniq } from "@/test/factories";
import { revertAuditEntry } from "@/lib/audit/mutations/revert/revert-entry";
import { sendTestDelivery, updateDestination } from "./mutations";
import {
  ZCreateDestination,
  ZCreateDestinationForm,
  ZUpdateDestination,
  ZUpdateDestinationForm,
} from "./schema";

/**
 * Destinations aimed at internal addresses. Nothing here sends a packet: the
 * URLs are parsed, and the one delivery goes to a loopback receiver that the
 * guard must refuse once loopback is no longer allow-listed.
 */
const saved = env.BATON_OUTBOUND_ALLOW;
afterEach(() => {
  env.BATON_OUTBOUND_ALLOW = saved;
});

const INTERNAL = [
  "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
  "http://10.0.0.5/hook",
  "http://192.168.1.20:8080/hook",
  "http://172.16.0.1/",
  "http://127.0.0.1:4010/hooks/crm",
  "http://localhost:3000/",
  "http://[::1]/",
  "http://[fd00::1]/",
  "http://[fd00:ec2::254]/latest/meta-data/",
  "http://[fe80::1]/",
  "http://[::ffff:7f00:1]/",
  "http://[::ffff:169.254.169.254]/",
  "http://0x7f000001/",
  "http://2130706433/",
  "http://0177.0.0.1/",
  "http://0/",
  "http://127.1/",
  "http://0xA9FEA9FE/",
  "https://100.64.0.1/",
];

const urlIssues = (r: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) =>
  r.success ? [] : r.error!.issues.filter((i) => i.path.join(".") === "url").map((i) => i.message);

describe("creation-time check of a destination URL", () => {
  it.each(INTERNAL)("refuses %s on create and update, next to the url field", (url) => {
    env.BATON_OUTBOUND_ALLOW = "";
    const create = ZCreateDestination.safeParse({ key: "crm-x", name: "CRM", url });
    const [message] = urlIssues(create);
    expect(message).toMatch(/^Baton does not send to an? [A-Za-z -]+ address \(.+\); /);
    expect(message).toMatch(/BATON_OUTBOUND_ALLOW$/);
    expect(urlIssues(ZUpdateDestination.safeParse({ url }))).toEqual([message]);
    const form = { key: "crm-x", destinationKey: "crm-x", name: "CRM", url };
    expect(urlIssues(ZCreateDestinationForm.safeParse(form))).toEqual([message]);
    expect(urlIssues(ZUpdateDestinationForm.safeParse(form))).toEqual([message]);
  });

  it("names the metadata service and the spelling-independent address", () => {
    env.BATON_OUTBOUND_ALLOW = "";
    expect(urlIssues(ZUpdateDestination.safeParse({ url: "http://0xA9FEA9FE/" }))).toEqual([
      "Baton does not send to a cloud metadata address (169.254.169.254); an operator can allow it with BATON_OUTBOUND_ALLOW",
    ]);
  });

  it("accepts public URLs, host names (checked when connecting) and allow-listed addresses", () => {
    env.BATON_OUTBOUND_ALLOW = "127.0.0.0/8,10.1.0.0/16";
    for (const url of [
      "https://hooks.example.com/baton",
      "http://8.8.8.8/",
      "http://internal.example/",
      "http://0x7f000001:4010/hook",
      "http://10.1.2.3/hook",
    ]) {
      expect(urlIssues(ZUpdateDestination.safeParse({ url })), url).toEqual([]);
    }
    expect(urlIssues(ZUpdateDestination.safeParse({ url: "http://10.2.0.1/" }))).toHaveLength(1);
    expect(
      urlIssues(ZUpdateDestination.safeParse({ url: "http://169.254.169.254/" })),
    ).toHaveLength(1);
  });
});

describe("a test delivery to a destination stored at an address now blocked", () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  });

  it("is refused before connecting, says what to allow, and is recorded as a permanent failure", async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits += 1;
      res.end("internal secrets");
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin`;
    // Written straight to the database, as rows from before the guard were.
    const d = await db.destination.create({
      data: {
        key: uniq("dst-"),
        name: "Old",
        url,
        signingSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        timeoutMs: 1000,
      },
    });
    const { actor } = await makeUser("ADMIN");
    env.BATON_OUTBOUND_ALLOW = "";
    const result = await sendTestDelivery(actor, d.id);
    expect(hits).toBe(0);
    expect(result).toMatchObject({
      status: null,
      error: "blocked_address",
      contentType: null,
      bodyBytes: null,
      message:
        "destination is a loopback address 127.0.0.1; add it to BATON_OUTBOUND_ALLOW to allow it",
    });
    const row = await db.delivery.findUniqueOrThrow({ where: { id: result.deliveryId } });
    expect(row).toMatchObject({ status: "FAILED_PERMANENT", error: "blocked_address" });
  });
});

describe("reverting a URL change", () => {
  it("will not restore an internal address the destination had before the guard", async () => {
    const { actor } = await makeUser("ADMIN");
    const d = await db.destination.create({
      data: {
        key: uniq("dst-"),
        name: "Old",
        url: "http://169.254.169.254/latest/meta-data/",
        signingSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      },
    });
    await updateDestination(actor, d.id, { url: "https://crm.example.com/hook" });
    const entry = await db.auditEntry.findFirstOrThrow({
      where: { entityId: d.id, action: "destination.updated" },
    });
    await expect(revertAuditEntry(actor, entry.id)).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringContaining("cloud metadata address (169.254.169.254)"),
    });
    const row = await db.destination.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.url).toBe("https://crm.example.com/hook");
  });
});
