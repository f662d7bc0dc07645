import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeSource, newMsgId, signedRequest } from "@/test/ingest";
import { createGroupCommit } from "./group-commit";
import {
  commitIsolating,
  createEventCommitQueue,
  eventCommitQueue,
  replaceEventCommitQueue,
} from "./event-queue";
import { newEventId } from "./ingest-event";
import { ingestHandler } from "./ingest-handler";
import { commitEvents, type TNewEvent } from "./mutations";

function newEvent(sourceId: string, key = newMsgId(), body = `{"k":"${key}"}`): TNewEvent {
  const now = new Date();
  return {
    id: newEventId(),
    sourceId,
    idempotencyKey: key,
    bodyHash: Buffer.from(body).toString("hex").padEnd(64, "0").slice(0, 64),
    payload: body,
    headers: { "webhook-id": key },
    receivedAt: now,
    deadlineAt: new Date(now.getTime() + 60_000),
  };
}

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

describe("commitIsolating: one bad delivery does not fail its batch", () => {
  it("stores the good events of a batch and refuses only the one that cannot be stored", async () => {
    const source = await makeSource();
    const good = Array.from({ length: 6 }, () => newEvent(source.id));
    // A source deleted after its deliveries were checked: the insert breaks its foreign key.
    const bad = newEvent("src_deleted_meanwhile");
    const items = [...good.slice(0, 3), bad, ...good.slice(3)];
    const outcomes = await commitIsolating(items);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false, true, true, true]);
    expect(outcomes.filter((o) => o.ok).map((o) => o.ok && o.value)).toEqual(
      good.map((e) => ({ kind: "created", eventId: e.id })),
    );
    const ids = good.map((e) => e.id);
    expect(await db.event.count({ where: { id: { in: [...ids, bad.id] } } })).toBe(6);
    expect(await db.job.count({ where: { eventId: { in: [...ids, bad.id] } } })).toBe(6);
  });

  it("fails the whole batch at once when the database itself is down (no splitting)", async () => {
    let calls = 0;
    const down = Object.assign(new Error("Can't reach database server"), { code: "P1001" });
    const outcomes = await commitIsolating(
      Array.from({ length: 8 }, () => newEvent("s")),
      async () => {
        calls++;
        throw down;
      },
    );
    expect(calls).toBe(1);
    expect(outcomes.every((o) => !o.ok && o.error === down)).toBe(true);
  });

  it("answers duplicates inside one batch and across batches with the original id", async () => {
    const source = await makeSource();
    const key = newMsgId();
    const [a, b] = [newEvent(source.id, key), newEvent(source.id, key)];
    const other = newEvent(source.id, key, '{"other":"body"}');
    const first = await commitEvents([a, newEvent(source.id), b, other]);
    expect(first[0]).toEqual({ kind: "created", eventId: a.id });
    expect(first[2]).toEqual({ kind: "duplicate", eventId: a.id });
    expect(first[3]).toEqual({ kind: "conflict", eventId: a.id });
    const again = await commitEvents([newEvent(source.id, key)]);
    expect(again).toEqual([{ kind: "duplicate", eventId: a.id }]);
    expect(await db.event.count({ where: { sourceId: source.id, idempotencyKey: key } })).toBe(1);
  });

  it("commits concurrent deliveries in batches through the queue: each one stored once", async () => {
    const source = await makeSource();
    const sizes: number[] = [];
    const queue = createEventCommitQueue({
      commit: (items) => {
        sizes.push(items.length);
        return commitEvents(items);
      },
    });
    const keys = Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0 ? `dup-${i % 30}` : newMsgId(),
    );
    const events = keys.map((k) => newEvent(source.id, `${source.id}-${k}`));
    const results = await Promise.all(events.map((e) => queue.submit(e)));
    // Batches are bounded (200) and the 300 arrived together: more than one commit, none above the bound.
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(200);
    expect(results.filter((r) => r.kind === "created")).toHaveLength(200 + 10);
    const byKey = new Map<string, string>();
    results.forEach((r, i) => {
      const k = events[i].idempotencyKey;
      if (byKey.has(k)) expect(r).toEqual({ kind: "duplicate", eventId: byKey.get(k) });
      else byKey.set(k, r.eventId);
    });
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(210);
    expect(await db.job.count({ where: { eventId: { in: [...byKey.values()] } } })).toBe(210);
  });
});

describe("ingest answers only after its batch commits", () => {
  it("answers a problem, never 202, when the commit fails; nothing is stored", async () => {
    const source = await makeSource();
    restore = replaceEventCommitQueue(
      createEventCommitQueue({
        commit: async () => {
          throw Object.assign(new Error("disk I/O error"), { code: "P1001" });
        },
      }),
    );
    const requests = Array.from({ length: 5 }, (_, i) =>
      signedRequest(source, JSON.stringify({ i }), { id: newMsgId() }),
    );
    const answers = await Promise.all(requests.map((r) => ingestHandler(r, source.key)));
    expect(answers.map((r) => r.status)).toEqual([500, 500, 500, 500, 500]);
    const problem = (await answers[0].json()) as { code: string; detail: string };
    expect(problem.code).toBe("INTERNAL");
    expect(problem.detail).not.toContain("disk");
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(0);
  });

  it("holds the 202 until the commit has returned", async () => {
    const source = await makeSource();
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let committed = false;
    restore = replaceEventCommitQueue(
      createGroupCommit({
        maxBatch: 10,
        maxInFlight: 1,
        maxPending: 10,
        onFull: () => new Error("full"),
        commit: async (items: TNewEvent[]) => {
          await gate;
          const out = await commitIsolating(items);
          committed = true;
          return out;
        },
      }),
    );
    let answered = false;
    const pending = ingestHandler(signedRequest(source, '{"a":1}'), source.key).then((r) => {
      answered = true;
      expect(committed).toBe(true);
      return r;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    release();
    const res = await pending;
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    expect(await db.event.count({ where: { id: eventId } })).toBe(1);
  });

  it("uses one queue per process, shared through globalThis", () => {
    expect(eventCommitQueue()).toBe(eventCommitQueue());
  });
});
