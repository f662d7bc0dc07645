import { describe, expect, it } from "vitest";
import { createGroupCommit, type TOutcome } from "./group-commit";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder(opts: { maxInFlight?: number; commitMs?: number; maxPending?: number } = {}) {
  const batches: number[][] = [];
  let running = 0;
  let maxRunning = 0;
  const q = createGroupCommit<number, number>({
    maxBatch: 10,
    maxInFlight: opts.maxInFlight ?? 1,
    maxPending: opts.maxPending ?? 1000,
    onFull: () => new Error("full"),
    commit: async (items): Promise<TOutcome<number>[]> => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      batches.push(items);
      await tick(opts.commitMs ?? 5);
      running--;
      return items.map((i) =>
        i < 0 ? { ok: false, error: new Error(`bad ${i}`) } : { ok: true, value: i * 2 },
      );
    },
  });
  return { q, batches, maxRunning: () => maxRunning };
}

describe("createGroupCommit", () => {
  it("commits concurrent items in batches of at most maxBatch, one at a time", async () => {
    const { q, batches, maxRunning } = recorder();
    const results = await Promise.all(Array.from({ length: 35 }, (_, i) => q.submit(i)));
    expect(results).toEqual(Array.from({ length: 35 }, (_, i) => i * 2));
    expect(batches.map((b) => b.length)).toEqual([10, 10, 10, 5]);
    expect(batches.flat()).toEqual(Array.from({ length: 35 }, (_, i) => i));
    expect(maxRunning()).toBe(1);
    expect(q.size()).toBe(0);
  });

  it("commits a lone item at once, and never settles a caller before its commit", async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const batches: number[][] = [];
    const q = createGroupCommit<number, number>({
      maxBatch: 10,
      maxInFlight: 1,
      maxPending: 10,
      onFull: () => new Error("full"),
      commit: async (items) => {
        batches.push(items);
        await gate;
        return items.map((i) => ({ ok: true, value: i * 2 }));
      },
    });
    let settled = false;
    const p = q.submit(7).then((v) => ((settled = true), v));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[7]]);
    await tick(20);
    expect(settled).toBe(false);
    expect(q.size()).toBe(1);
    release();
    expect(await p).toBe(14);
  });

  it("gathers what arrives during a commit into the next batch", async () => {
    const { q, batches } = recorder({ commitMs: 20 });
    const first = q.submit(1);
    await tick(5);
    const later = [2, 3, 4].map((i) => q.submit(i));
    await tick(5);
    const last = q.submit(5);
    await Promise.all([first, ...later, last]);
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  it("runs up to maxInFlight commits in parallel", async () => {
    const { q, maxRunning } = recorder({ maxInFlight: 3, commitMs: 20 });
    await Promise.all(Array.from({ length: 60 }, (_, i) => q.submit(i)));
    expect(maxRunning()).toBe(3);
  });

  it("rejects only the failed item, or the whole batch when the commit throws", async () => {
    const { q } = recorder();
    const [a, b] = await Promise.allSettled([q.submit(1), q.submit(-1)]);
    expect(a).toEqual({ status: "fulfilled", value: 2 });
    expect(b).toMatchObject({ status: "rejected", reason: { message: "bad -1" } });

    const broken = createGroupCommit<number, number>({
      maxBatch: 10,
      maxInFlight: 1,
      maxPending: 10,
      onFull: () => new Error("full"),
      commit: async () => {
        throw new Error("database down");
      },
    });
    const all = await Promise.allSettled([broken.submit(1), broken.submit(2)]);
    expect(all.every((r) => r.status === "rejected")).toBe(true);
  });

  it("refuses at once past maxPending (backpressure)", async () => {
    const { q } = recorder({ maxPending: 5, commitMs: 20 });
    const accepted = Array.from({ length: 5 }, (_, i) => q.submit(i));
    await expect(q.submit(99)).rejects.toThrow("full");
    await Promise.all(accepted);
  });
});
