/* eslint-disable no-restricted-imports -- a lib/ test that goes through app/: the flood goes through
   the real route handlers in app/api/v1, as an agent's raw requests would. */
import { describe, expect, it, vi } from "vitest";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";
import type { TActor } from "@/lib/server/auth/actor";
import { flushDeniedAudit } from "./denied";
import { db } from "@/lib/server/db";
import { makeUser } from "@/test/factories";
import type { TAuditInput } from "./record";
import { createRefusalAggregator, type TRefusal } from "./refusals";

const session = vi.hoisted(() => ({ actor: null as TActor | null }));
vi.mock("@/lib/server/auth/current-user", () => ({
  getSessionActor: async () => session.actor,
  getTokenActor: async () => null,
}));

type TRoute = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Refusals a set of rows stands for: 1 per itemised row, `after.count` per aggregated one. */
const represented = (rows: { after?: unknown }[]) =>
  rows.reduce((n, r) => n + ((r.after as { count?: number } | null)?.count ?? 1), 0);

describe("refused calls are aggregated per actor, route and minute", () => {
  it("500 refusals by one agent become a handful of rows whose counts add up to 500", async () => {
    const { actor } = await makeUser("AGENT");
    session.actor = actor;
    for (let i = 0; i < 500; i++) {
      // Half on one route, half guessing ids on another: both are one key each.
      const [route, path, params]: [unknown, string, Record<string, string>] =
        i % 2 === 0
          ? [auditRoute.GET, "/api/v1/audit", {}]
          : [userRoute.GET, `/api/v1/users/guess${i}`, { id: `guess${i}` }];
      const res = await (route as TRoute)(new Request(`http://localhost${path}`), {
        params: Promise.resolve(params),
      });
      expect(res.status).toBe(403);
    }
    const first = await db.auditEntry.findMany({
      where: { actorId: actor.id, action: "access.denied" },
    });
    // The first refusal of each route is written at once (a minute may turn during the loop).
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(first.length).toBeLessThanOrEqual(6);
    await flushDeniedAudit();
    const rows = await db.auditEntry.findMany({
      where: { actorId: actor.id, action: "access.denied" },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.length).toBeLessThanOrEqual(8);
    expect(represented(rows)).toBe(500);
    const aggregated = rows.filter((r) => (r.after as { aggregated?: boolean } | null)?.aggregated);
    expect(aggregated.length).toBeGreaterThanOrEqual(2);
    expect(aggregated.map((r) => r.entityId).sort()).toContain("GET /api/v1/users/{id}");
    expect(aggregated[0].reason).toMatch(/^role AGENT lacks permission \(×\d+ more in the minute/);
  });
});

describe("createRefusalAggregator", () => {
  const refusal = (actor: string, what: string): TRefusal => ({
    actor: { id: actor, label: `${actor}@example.com`, role: "AGENT" },
    what,
    requestId: "r",
  });

  function setup(opts: { maxKeys?: number; maxKeysPerActor?: number; maxActors?: number } = {}) {
    let now = Date.UTC(2030, 0, 1, 10, 0, 5);
    const written: TAuditInput[] = [];
    const agg = createRefusalAggregator({
      ...opts,
      now: () => now,
      write: async (rows) => void written.push(...rows),
    });
    return { agg, written, tick: (ms: number) => (now += ms) };
  }

  it("writes the first refusal at once and the repeats when the next minute begins", async () => {
    const { agg, written, tick } = setup();
    for (let i = 0; i < 38; i++) await agg.record(refusal("a", "GET /x"));
    expect(written).toHaveLength(1);
    expect(written[0].after).toBeUndefined();
    tick(60_000);
    await agg.record(refusal("a", "GET /x"));
    expect(written).toHaveLength(3);
    expect(written[1]).toMatchObject({
      entityId: "GET /x",
      after: { count: 37, minute: "2030-01-01T10:00:00.000Z", aggregated: true },
    });
    expect(written[1].reason).toContain("×37 more");
    expect(written[2].after).toBeUndefined();
  });

  it("bounds memory: past the caps refusals are only counted per actor, then for everyone", async () => {
    const { agg, written } = setup({ maxKeys: 3, maxKeysPerActor: 2, maxActors: 2 });
    for (let i = 0; i < 100; i++) await agg.record(refusal("a", `GET /x/${i}`));
    for (let i = 0; i < 100; i++) await agg.record(refusal("b", `GET /y/${i}`));
    for (let i = 0; i < 100; i++) await agg.record(refusal(`c${i}`, "GET /z"));
    expect(agg.size()).toEqual({ keys: 3, actors: 2 });
    expect(written).toHaveLength(3);
    await agg.flush();
    expect(agg.size()).toEqual({ keys: 0, actors: 0 });
    const byEntity = written.slice(3).map((r) => [r.actor.label, r.entityId, r.after]);
    expect(byEntity).toEqual([
      ["a@example.com", "(many routes)", expect.objectContaining({ count: 98 })],
      ["b@example.com", "(many routes)", expect.objectContaining({ count: 99 })],
      ["system", "(many routes)", expect.objectContaining({ count: 100 })],
    ]);
    expect(represented(written)).toBe(300);
  });

  it("counts by the route pattern when a key is given, and names it on the aggregated row", async () => {
    const { agg, written } = setup();
    for (let i = 0; i < 10; i++)
      await agg.record({ ...refusal("a", `GET /u/${i}`), key: "GET /u/{id}" });
    await agg.flush();
    expect(written.map((r) => r.entityId)).toEqual(["GET /u/0", "GET /u/{id}"]);
    expect(represented(written)).toBe(10);
  });
});
