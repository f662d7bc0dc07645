import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeUser } from "@/test/factories";
import { makeSource } from "@/test/ingest";
import { acceptEvent, resolveIngestSource } from "../ingest-event";
import { findHeldDeliveries } from "./data";
import { deleteHeldDelivery, holdDelivery, releaseHeldDelivery } from "./mutations";

let seq = 0;
async function held(sourceId: string, payload = `{"email":"spam${seq++}@x.example"}`) {
  const key = `form:test:${seq++}:${Date.now()}`;
  const row = await holdDelivery({
    sourceId,
    channel: "form",
    reason: "HONEYPOT",
    payload,
    headers: { origin: "http://127.0.0.1:4555", "x-baton-channel": "form" },
    idempotencyKey: key,
  });
  return { ...row, key, payload };
}

const audits = (action: string, entityId: string) =>
  db.auditEntry.findMany({ where: { action, entityId } });

describe("held deliveries: list, release, delete", () => {
  it("lists a source's held posts newest first, for admins only", async () => {
    const source = await makeSource();
    const other = await makeSource();
    await held(source.id);
    const latest = await held(source.id);
    await held(other.id);
    const { actor: admin } = await makeUser("ADMIN");
    const list = await findHeldDeliveries(admin, source.id);
    expect(list.total).toBe(2);
    expect(list.data[0].id).toBe(latest.id);
    for (const role of ["MANAGER", "AGENT"] as const) {
      const { actor } = await makeUser(role);
      await expect(findHeldDeliveries(actor, source.id)).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
  });

  it("releases one into the pipeline as an event, removes it and audits it", async () => {
    const source = await makeSource();
    const h = await held(source.id);
    const { actor: admin } = await makeUser("ADMIN");
    const released = await releaseHeldDelivery(admin, source.id, h.id, { requestId: "req-rel" });
    expect(released.duplicate).toBe(false);
    const event = await db.event.findUniqueOrThrow({ where: { id: released.eventId } });
    expect(event).toMatchObject({ sourceId: source.id, idempotencyKey: h.key, payload: h.payload });
    expect(event.bodyHash).toBe(createHash("sha256").update(h.payload).digest("hex"));
    expect(await db.job.count({ where: { eventId: event.id } })).toBe(1);
    expect(await db.heldDelivery.count({ where: { id: h.id } })).toBe(0);
    const [entry] = await audits("held_delivery.released", source.id);
    expect(entry).toMatchObject({ actorId: admin.id, requestId: "req-rel" });
    expect(entry.after).toEqual({ eventId: event.id });
    // Released already: not found, and no second event.
    await expect(releaseHeldDelivery(admin, source.id, h.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(1);
  });

  it("answers the stored event when the release was committed but the row was left (crash)", async () => {
    const source = await makeSource();
    const h = await held(source.id);
    const first = await acceptEvent({
      source: await resolveIngestSource(source.key),
      idempotencyKey: h.key,
      bodyHash: createHash("sha256").update(h.payload).digest("hex"),
      payload: h.payload,
      headers: {},
    });
    const { actor: admin } = await makeUser("ADMIN");
    const again = await releaseHeldDelivery(admin, source.id, h.id);
    expect(again).toEqual({ eventId: first.eventId, duplicate: true });
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(1);
    expect(await db.heldDelivery.count({ where: { id: h.id } })).toBe(0);
  });

  it("refuses managers and agents, leaving the row and writing nothing", async () => {
    const source = await makeSource();
    const h = await held(source.id);
    for (const role of ["MANAGER", "AGENT"] as const) {
      const { actor } = await makeUser(role);
      await expect(releaseHeldDelivery(actor, source.id, h.id)).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(deleteHeldDelivery(actor, source.id, h.id)).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    expect(await db.heldDelivery.count({ where: { id: h.id } })).toBe(1);
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(0);
    expect(await audits("held_delivery.released", source.id)).toHaveLength(0);
  });

  it("deletes one for good with an audit entry; another source's id is not found", async () => {
    const source = await makeSource();
    const other = await makeSource();
    const h = await held(source.id);
    const { actor: admin } = await makeUser("ADMIN");
    await expect(deleteHeldDelivery(admin, other.id, h.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(releaseHeldDelivery(admin, other.id, h.id)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await deleteHeldDelivery(admin, source.id, h.id, { requestId: "req-del" });
    expect(await db.heldDelivery.count({ where: { id: h.id } })).toBe(0);
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(0);
    const [entry] = await audits("held_delivery.deleted", source.id);
    expect(entry).toMatchObject({ actorId: admin.id, requestId: "req-del" });
    expect(entry.before).toMatchObject({ heldId: h.id, reason: "HONEYPOT", channel: "form" });
  });
});
