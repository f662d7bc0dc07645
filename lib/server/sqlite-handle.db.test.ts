import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "./db";
import { sqliteHandleOf } from "./db-client";
import { sqlitePath } from "./database-url";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { SqliteHandle, synchronousMode } from "./sqlite-handle";

// The raw SQLite hot path shares Prisma's connection (sqlite-handle.ts). These
// pin what makes that safe. SQLite only: on PostgreSQL there is no handle.
const isPg = !!process.env.VITEST_PG_URL;

describe.skipIf(isPg)("the SQLite handle", () => {
  it("exists on SQLite and shares Prisma's connection", async () => {
    const h = (await sqliteHandleOf(db))!;
    const key = `sh-${Date.now()}`;
    await h.transaction(() =>
      h.run(
        `INSERT INTO "MetricCounter" ("key", "value", "updatedAt") VALUES (?, 7, ?)`,
        key,
        new Date().toISOString().replace("Z", "+00:00"),
      ),
    );
    // Written raw, read back through Prisma.
    expect((await db.metricCounter.findUnique({ where: { key } }))?.value).toBe(7);
  });

  it("runs with synchronous=FULL unless BATON_SQLITE_SYNCHRONOUS=normal asks for NORMAL", async () => {
    const h = (await sqliteHandleOf(db))!;
    expect(Number(h.client().pragma("synchronous", { simple: true }))).toBe(2);
    expect(synchronousMode("normal")).toBe("NORMAL");
    expect(synchronousMode(undefined)).toBe("FULL");
    expect(() => synchronousMode("off")).toThrow(/must be "normal" or "full"/);
  });

  it("leaves WAL checkpoints to the worker when the web process has one apart", async () => {
    const url = sqlitePath(process.env.DATABASE_URL ?? "");
    const setEnv = (vars: Record<string, string | undefined>) => {
      for (const [k, v] of Object.entries(vars)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };
    const autocheckpoint = async (env: { p?: string; w?: string }) => {
      const saved = {
        BATON_PROCESS: process.env.BATON_PROCESS,
        BATON_INLINE_WORKER: process.env.BATON_INLINE_WORKER,
      };
      setEnv({ BATON_PROCESS: env.p, BATON_INLINE_WORKER: env.w });
      try {
        const handle = new SqliteHandle();
        const adapter = await handle.wrap(new PrismaBetterSQLite3({ url })).connect();
        const n = Number(handle.client().pragma("wal_autocheckpoint", { simple: true }));
        await adapter.dispose();
        return n;
      } finally {
        setEnv(saved);
      }
    };
    expect(await autocheckpoint({ p: "web", w: "0" })).toBe(0);
    expect(await autocheckpoint({ p: "web", w: "1" })).toBe(1000); // the worker runs inside it
    expect(await autocheckpoint({ p: "worker", w: "0" })).toBe(1000);
    expect(await autocheckpoint({})).toBe(1000);
  });

  it("rolls a failed transaction back whole", async () => {
    const h = (await sqliteHandleOf(db))!;
    const key = `sh-rb-${Date.now()}`;
    await expect(
      h.transaction(() => {
        h.run(
          `INSERT INTO "MetricCounter" ("key", "value", "updatedAt") VALUES (?, 1, ?)`,
          key,
          new Date().toISOString(),
        );
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.metricCounter.findUnique({ where: { key } })).toBeNull();
  });

  it("serialises its transactions with Prisma's: neither runs inside the other", async () => {
    const h = (await sqliteHandleOf(db))!;
    const order: string[] = [];
    let releasePrisma!: () => void;
    const prismaHolds = new Promise<void>((r) => (releasePrisma = r));
    const prismaTx = db.$transaction(async (tx) => {
      order.push("prisma:start");
      await tx.metricCounter.count();
      await prismaHolds;
      order.push("prisma:end");
    });
    await new Promise((r) => setTimeout(r, 20));
    const raw = h.transaction(() => {
      order.push("raw");
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(["prisma:start"]); // the raw one waits its turn
    releasePrisma();
    await Promise.all([prismaTx, raw]);
    expect(order).toEqual(["prisma:start", "prisma:end", "raw"]);
  });

  it("refuses, with a clear error, a Prisma transaction started inside a raw one (it would wait for ever)", async () => {
    const h = (await sqliteHandleOf(db))!;
    await expect(
      h.transaction(async () => {
        await db.$transaction(async (tx) => tx.metricCounter.count());
      }),
    ).rejects.toThrow(/started inside a raw SQLite transaction/);
    // And the connection is usable afterwards.
    await expect(h.transaction(() => h.all(`SELECT 1 AS x`))).resolves.toEqual([{ x: 1 }]);
  });

  it("queues, not refuses, an unrelated Prisma transaction that starts while a raw one awaits", async () => {
    const h = (await sqliteHandleOf(db))!;
    const order: string[] = [];
    let releaseRaw!: () => void;
    const rawHolds = new Promise<void>((r) => (releaseRaw = r));
    const raw = h.transaction(async () => {
      order.push("raw:start");
      await rawHolds;
      order.push("raw:end");
    });
    await new Promise((r) => setTimeout(r, 10));
    // Another flow of the same process (say, the delivery loop beside the event batch).
    const other = db.$transaction(async (tx) => {
      order.push("prisma");
      return tx.metricCounter.count();
    });
    await new Promise((r) => setTimeout(r, 30));
    releaseRaw();
    await Promise.all([raw, other]);
    expect(order).toEqual(["raw:start", "raw:end", "prisma"]);
  });

  it("starts Prisma's transactions with the write lock: another process's commit between a read and a write cannot fail them", async () => {
    // A deferred transaction that has read cannot take the write lock once
    // another connection has committed (WAL: SQLITE_BUSY at once, no busy
    // wait). The web process's actions met exactly that beside the worker.
    const h = (await sqliteHandleOf(db))!;
    const key = `sh-snap-${Date.now()}`;
    await db.metricCounter.create({ data: { key, value: 0 } });
    const other = new Database(sqlitePath(process.env.DATABASE_URL ?? ""));
    other.pragma("busy_timeout = 0");
    const otherWrite = () =>
      other.prepare(`UPDATE "MetricCounter" SET "value" = "value" + 100 WHERE "key" = ?`).run(key);
    let otherRefused = false;
    await db.$transaction(async (tx) => {
      const before = await tx.metricCounter.findUniqueOrThrow({ where: { key } });
      try {
        otherWrite(); // the other process commits between this read and the write below
      } catch (e) {
        otherRefused = (e as { code?: string }).code === "SQLITE_BUSY";
      }
      await tx.metricCounter.update({ where: { key }, data: { value: before.value + 1 } });
    });
    // The other process waited its turn (its busy wait), it did not slip in.
    expect(otherRefused).toBe(true);
    otherWrite();
    expect((await db.metricCounter.findUniqueOrThrow({ where: { key } })).value).toBe(101);
    expect(h.client().inTransaction).toBe(false);
    other.close();
  });

  it.each([
    [
      "a raw transaction",
      async () => {
        const h = (await sqliteHandleOf(db))!;
        return h.transaction(() => h.all<{ x: number }>(`SELECT 1 AS x`)[0].x);
      },
    ],
    [
      "a Prisma transaction",
      () =>
        db.$transaction(async (t) => {
          await t.metricCounter.count();
          return 1;
        }),
    ],
  ])(
    "%s waits for another process's write lock without blocking the event loop",
    async (_, run) => {
      const other = new Database(sqlitePath(process.env.DATABASE_URL ?? ""));
      other.prepare("BEGIN IMMEDIATE").run();
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 5);
      let settled = false;
      const tx = run().finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 150));
      // It waited for the lock (it takes it before anything else), and the
      // event loop kept running meanwhile.
      expect(settled).toBe(false);
      expect(ticks).toBeGreaterThan(10);
      other.prepare("COMMIT").run();
      await expect(tx).resolves.toBe(1);
      clearInterval(ticker);
      other.close();
    },
  );
});
