import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db";
import { uniq } from "@/test/factories";
import { PROCESS_ID, startHeartbeat, type THeartbeat } from "./reporter";
import { deleteProcessHeartbeats, getHeartbeat, upsertHeartbeat } from "./store/heartbeats";

const started: THeartbeat[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((h) => h.stop({ remove: true })));
  vi.restoreAllMocks();
});

const until = async (check: () => Promise<boolean>, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("startHeartbeat", () => {
  it("writes at once, then every interval, with the snapshot and its interval", async () => {
    const id = uniq("test:");
    let n = 0;
    const h = startHeartbeat({
      id,
      kind: "imap",
      intervalMs: 50,
      read: () => ({ state: "up", backlog: ++n, restarts: 2, details: { failures: 0 } }),
    });
    started.push(h);
    await until(async () => ((await getHeartbeat(id))?.backlog ?? 0) >= 3);
    const row = (await getHeartbeat(id))!;
    expect(row).toMatchObject({ kind: "imap", state: "up", restarts: 2, process: PROCESS_ID });
    expect(row.details).toEqual({ failures: 0, intervalMs: 50 });
  });

  it("never throws into the caller: a failing read reports degraded, a failing write is skipped", async () => {
    const id = uniq("test:");
    const h = startHeartbeat({
      id,
      kind: "smtp",
      intervalMs: 60_000,
      read: () => {
        throw new Error("boom");
      },
    });
    started.push(h);
    await until(async () => (await getHeartbeat(id)) !== null);
    expect(await getHeartbeat(id)).toMatchObject({ state: "degraded" });
    expect((await getHeartbeat(id))!.lastError).toContain("boom");

    vi.spyOn(db.channelHeartbeat, "upsert").mockRejectedValue(new Error("db gone"));
    await expect(h.beat()).resolves.toBeUndefined();
  });

  it("stop() marks the row stopped, and stops writing; remove deletes it", async () => {
    const id = uniq("test:");
    const h = startHeartbeat({
      id,
      kind: "smtp",
      intervalMs: 30,
      read: () => ({ state: "up" }),
    });
    await until(async () => (await getHeartbeat(id)) !== null);
    await h.stop();
    const stopped = (await getHeartbeat(id))!;
    expect(stopped.state).toBe("stopped");
    await new Promise((r) => setTimeout(r, 120));
    expect((await getHeartbeat(id))!.beatAt).toEqual(stopped.beatAt);

    const g = startHeartbeat({
      id,
      kind: "smtp",
      intervalMs: 60_000,
      read: () => ({ state: "up" }),
    });
    await until(async () => (await getHeartbeat(id))?.state === "up");
    await g.stop({ remove: true });
    expect(await getHeartbeat(id)).toBeNull();
  });
});

describe("deleteProcessHeartbeats", () => {
  it("removes one process's rows only", async () => {
    const mine = uniq("host:");
    const other = uniq("host:");
    const base = {
      kind: "ingest" as const,
      state: "up" as const,
      beatAt: new Date(),
      startedAt: new Date(),
    };
    await upsertHeartbeat({ ...base, id: uniq("ingest:"), process: mine });
    await upsertHeartbeat({ ...base, id: uniq("ingest:"), process: mine });
    const keep = uniq("ingest:");
    await upsertHeartbeat({ ...base, id: keep, process: other });
    expect(await deleteProcessHeartbeats(mine)).toBe(2);
    expect(await getHeartbeat(keep)).not.toBeNull();
    await deleteProcessHeartbeats(other);
  });
});
