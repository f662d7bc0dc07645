import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db";
import { rotateSourceSecret } from "@/lib/sources/mutations";
import { makeUser } from "@/test/factories";
import { makeSource, newMsgId, signedHeaders } from "@/test/ingest";
import { ingestEvent, newEventId, type TIngestResult } from "./ingest-event";
import { commitEvents } from "./mutations";
import { flushRejectionCounts } from "./rejections";
import { forgetIngestSource } from "./source-cache";

type TSource = Awaited<ReturnType<typeof makeSource>>;

function deliver(source: TSource, body: string, opts: Parameters<typeof signedHeaders>[2] = {}) {
  return ingestEvent({
    sourceKey: source.key,
    headers: signedHeaders(source.signingSecret, body, opts),
    body,
    contentType: "application/json",
  }) as Promise<TIngestResult>;
}

/** Settles a delivery to its status code (AppError → its status). */
const statusOf = (p: Promise<{ status: number }>) =>
  p.then(
    (r) => r.status as number,
    (e: { status?: number }) => e.status ?? 500,
  );

afterEach(() => {
  vi.useRealTimers();
});

describe("ingestEvent: concurrency (group commit)", () => {
  it("stores 50 concurrent distinct deliveries: 50 × 202, 50 events, 50 jobs", async () => {
    const source = await makeSource();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => deliver(source, JSON.stringify({ i }))),
    );
    expect(results.every((r) => r.status === 202)).toBe(true);
    const ids = results.map((r) => r.eventId);
    expect(new Set(ids).size).toBe(50);
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(50);
    expect(await db.job.count({ where: { eventId: { in: ids }, kind: "event.process" } })).toBe(50);
  });

  it("stores 20 concurrent copies of one delivery once: one 202, 19 × 200 with the same id", async () => {
    const source = await makeSource();
    const id = newMsgId();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => deliver(source, '{"same":true}', { id })),
    );
    expect(results.filter((r) => r.status === 202)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.eventId)).size).toBe(1);
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(1);
    expect(await db.job.count({ where: { eventId: results[0].eventId } })).toBe(1);
  });

  it("refuses concurrent reuses of one key with other bodies (422), keeping the first", async () => {
    const source = await makeSource();
    const id = newMsgId();
    const statuses = await Promise.all(
      Array.from({ length: 5 }, (_, i) => statusOf(deliver(source, JSON.stringify({ i }), { id }))),
    );
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(4);
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(1);
  });

  it("answers a delivery right when another writer commits its key between read and insert", async () => {
    // Another process (a second PostgreSQL web server) holds an uncommitted
    // insert of the same key: our read misses it, our insert waits on the
    // unique index and then fails; the retry must find it and answer 200.
    const source = await makeSource();
    const now = new Date();
    const row = (id: string) => ({
      id,
      sourceId: source.id,
      idempotencyKey: "raced-key",
      bodyHash: "h",
      payload: "{}",
      headers: {},
      receivedAt: now,
      deadlineAt: now,
    });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const insertedP = new Promise<void>((r) => (inserted = r));
    const other = db.$transaction(
      async (tx) => {
        await tx.event.create({ data: { ...row("evt_other_writer"), headers: {} } });
        inserted();
        await held;
      },
      { timeout: 20_000 },
    );
    await insertedP;
    const ours = commitEvents([
      row(newEventId()),
      { ...row(newEventId()), idempotencyKey: "free" },
    ]);
    await new Promise((r) => setTimeout(r, 300));
    release();
    await other;
    const outcomes = await ours;
    expect(outcomes[0]).toEqual({ kind: "duplicate", eventId: "evt_other_writer" });
    expect(outcomes[1].kind).toBe("created");
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(2);
    expect(await db.job.count({ where: { eventId: outcomes[1].eventId } })).toBe(1);
  });
});

describe("ingestEvent: rejection counts", () => {
  it("counts refusals per source and reason after a flush, never per request", async () => {
    const source = await makeSource();
    await flushRejectionCounts();
    const wrong = "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODk=";
    const attempts = [
      ...Array.from({ length: 7 }, () => statusOf(deliver(source, "{}", { secret: wrong }))),
      statusOf(deliver(source, "[]")),
      statusOf(deliver(source, "nope")),
      statusOf(
        ingestEvent({
          sourceKey: source.key,
          headers: new Headers(),
          body: "{}",
          contentType: "application/xml",
        }),
      ),
    ];
    expect(await Promise.all(attempts)).toEqual([401, 401, 401, 401, 401, 401, 401, 400, 400, 415]);
    // Nothing is written until the flush.
    expect(await db.sourceRejectionCount.count({ where: { sourceId: source.id } })).toBe(0);
    await flushRejectionCounts();
    await statusOf(deliver(source, "{}", { secret: wrong }));
    await flushRejectionCounts();

    const rows = await db.sourceRejectionCount.findMany({ where: { sourceId: source.id } });
    const byReason = Object.fromEntries(rows.map((r) => [r.reason, r.count]));
    expect(byReason).toEqual({
      INVALID_SIGNATURE: 8,
      MALFORMED_JSON: 2,
      UNSUPPORTED_MEDIA_TYPE: 1,
    });
    const today = new Date();
    const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
    expect(rows.every((r) => r.day.getTime() === midnight)).toBe(true);
  });
});

describe("ingestEvent: secret rotation", () => {
  it("accepts the previous secret during the overlap and refuses it after", async () => {
    const source = await makeSource();
    const { actor } = await makeUser("ADMIN");
    const rotated = await rotateSourceSecret(actor, source.id, { overlapMinutes: 5 });
    expect(rotated.signingSecret).not.toBe(source.signingSecret);

    expect((await deliver(source, '{"old":1}')).status).toBe(202);
    const fresh = { ...source, signingSecret: rotated.signingSecret };
    expect((await deliver(fresh, '{"new":1}')).status).toBe(202);

    await db.source.update({
      where: { id: source.id },
      data: { previousSecretExpiresAt: new Date(Date.now() - 1000) },
    });
    forgetIngestSource(source.key);
    await expect(deliver(source, '{"old":2}')).rejects.toMatchObject({ code: "INVALID_SIGNATURE" });
    expect((await deliver(fresh, '{"new":2}')).status).toBe(202);
  });

  it("never serves a secret changed by another process for longer than the cache TTL", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const source = await makeSource();
    expect((await deliver(source, '{"warm":1}')).status).toBe(202);
    // Another process rotates with no overlap: this one has not been told.
    const next = "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODk=";
    await db.source.update({ where: { id: source.id }, data: { signingSecret: next } });
    const fresh = { ...source, signingSecret: next };
    await expect(deliver(fresh, '{"n":1}')).rejects.toMatchObject({ code: "INVALID_SIGNATURE" });
    vi.advanceTimersByTime(5_001);
    expect((await deliver(fresh, '{"n":2}')).status).toBe(202);
    await expect(deliver(source, '{"n":3}')).rejects.toMatchObject({ code: "INVALID_SIGNATURE" });
  });
});
