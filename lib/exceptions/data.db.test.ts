import { describe, expect, it } from "vitest";
import { exceptionRow } from "@/lib/exception-model/build-rows";
import { newId } from "@/lib/server/ids";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { makeTeam, makeUser, uniq } from "@/test/factories";
import { approvalScenario } from "@/test/operator";
import { makeSource } from "@/test/pipeline";
import type { TExceptionReason } from "@/lib/exception-model/allowed-actions";
import { countsByReason, findExceptions, getExceptionDetail } from "./data";
import { ZExceptionFilter, type TExceptionListQuery } from "./schema";

const REASONS: TExceptionReason[] = ["NO_ROUTE", "LOW_CONFIDENCE", "STUCK", "SLA_BREACH"];

/** n exceptions of one new source, with repeated createdAt values (ties the cursor must break). */
async function seed(n: number, extra: (i: number) => Record<string, unknown> = () => ({})) {
  const source = await makeSource();
  const base = Date.now() - 3_600_000;
  const rows = Array.from({ length: n }, (_, i) => ({
    ...exceptionRow({
      id: newId("x"),
      reason: REASONS[i % REASONS.length],
      title: `Case ${i}`,
      detail: "d",
      now: new Date(base + Math.floor(i / 4) * 1000),
      sourceId: source.id,
      context: {},
      searchText: `case${i}@acme.example acme ${i}`,
    }),
    ...extra(i),
  }));
  await db.exception.createMany({ data: rows });
  return { source, rows };
}

async function allPages(actor: TActor, q: Omit<Partial<TExceptionListQuery>, "page">) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await findExceptions(actor, { ...q, limit: 7, ...(cursor ? { cursor } : {}) });
    ids.push(...page.data.map((r) => r.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return ids;
}

describe("findExceptions", () => {
  it("returns every row exactly once across cursor pages, in every sort", async () => {
    const { actor } = await makeUser("MANAGER");
    // Statuses mixed so one page merges rows read one status at a time, with
    // equal sort keys across statuses.
    const statuses = ["OPEN", "ESCALATED", "RESOLVED"] as const;
    const { source, rows } = await seed(53, (i) => ({
      dueAt: new Date(Date.now() + (i % 5) * 60_000),
      status: statuses[i % 3],
    }));
    for (const status of ["all", "open"] as const) {
      const expected = rows
        .filter((r) => status === "all" || String(r.status) !== "RESOLVED")
        .map((r) => r.id)
        .sort();
      for (const sort of ["createdAt", "dueAt", "reason", "status"] as const) {
        for (const dir of ["asc", "desc"] as const) {
          const ids = await allPages(actor, { sourceId: source.id, sort, dir, status });
          expect([...ids].sort()).toEqual(expected);
        }
      }
    }
    const byReason = await findExceptions(actor, {
      sourceId: source.id,
      sort: "reason",
      dir: "asc",
      limit: 200,
    });
    // Grouped by reason (in the database's enum order, which differs between SQLite and PostgreSQL).
    const reasons = byReason.data.map((r) => r.reason);
    const blocks = reasons.filter((r, i) => i === 0 || r !== reasons[i - 1]);
    expect(blocks).toHaveLength(new Set(reasons).size);
    await expect(findExceptions(actor, { cursor: "garbage" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });

  it("filters by reason, SLA, age, search text, and pages with a total", async () => {
    const { actor } = await makeUser("ADMIN");
    const { source } = await seed(20, (i) =>
      i < 5
        ? { dueAt: new Date(Date.now() - 60_000), createdAt: new Date(Date.now() - 3 * 86_400_000) }
        : {},
    );
    const q = { sourceId: source.id };
    const one = await findExceptions(actor, { ...q, reason: ["STUCK"] });
    expect(one.data.every((r) => r.reason === "STUCK")).toBe(true);
    expect(one.data).toHaveLength(5);
    const two = await findExceptions(actor, { ...q, reason: ["STUCK", "NO_ROUTE"] });
    expect(two.data).toHaveLength(10);
    const breached = await findExceptions(actor, { ...q, sla: "breached" });
    expect(breached.data).toHaveLength(5);
    expect(breached.data.every((r) => r.sla === "breached")).toBe(true);
    expect((await findExceptions(actor, { ...q, age: 2 * 86_400_000 })).data).toHaveLength(5);
    // Opened within a range ([from, before)), as the dashboard's period links ask.
    const threeDaysAgo = Date.now() - 3 * 86_400_000;
    const inRange = ZExceptionFilter.parse({
      createdFrom: new Date(threeDaysAgo - 3_600_000).toISOString(),
      createdBefore: new Date(threeDaysAgo + 3_600_000).toISOString(),
    });
    expect((await findExceptions(actor, { ...q, ...inRange })).data).toHaveLength(5);
    const since = ZExceptionFilter.parse({
      createdFrom: new Date(threeDaysAgo + 3_600_000).toISOString(),
    });
    expect((await findExceptions(actor, { ...q, ...since })).data).toHaveLength(15);
    expect(
      ZExceptionFilter.safeParse({ createdFrom: "last tuesday" }).error?.issues[0],
    ).toMatchObject({
      path: ["createdFrom"],
      message: "Use an ISO 8601 date or date-time",
    });
    const found = await findExceptions(actor, { ...q, q: "CASE7@acme" });
    expect(found.data.map((r) => r.title)).toEqual(["Case 7"]);
    const page = await findExceptions(actor, { ...q, page: 2, perPage: 8 });
    expect(page).toMatchObject({ total: 20, page: 2, perPage: 8 });
    expect(page.data).toHaveLength(8);
    const counts = await countsByReason(actor, { ...q, reason: ["STUCK"] });
    expect(counts).toEqual({
      byReason: { NO_ROUTE: 5, LOW_CONFIDENCE: 5, STUCK: 5, SLA_BREACH: 5 },
      total: 20,
    });
  });

  it("shows an agent their own and their team's exceptions; ownerId=me narrows to their own", async () => {
    const team = await makeTeam();
    const { actor, user } = await makeUser("AGENT", { teamId: team.id });
    const other = await makeTeam();
    const { source } = await seed(12, (i) =>
      i < 3 ? { ownerId: user.id } : i < 7 ? { teamId: team.id } : { teamId: other.id },
    );
    const visible = await findExceptions(actor, { sourceId: source.id, limit: 100 });
    expect(visible.data).toHaveLength(7);
    const mine = await findExceptions(actor, { sourceId: source.id, ownerId: "me" });
    expect(mine.data).toHaveLength(3);
    expect(mine.data.every((r) => r.owner?.id === user.id)).toBe(true);
    // What this caller may do: the reason's actions (STUCK: replay, escalate, close).
    const stuck = mine.data.find((r) => r.reason === "STUCK");
    expect(stuck?.actions).toEqual(["replay", "escalate", "close"]);
  });
});

describe("getExceptionDetail", () => {
  it("gives the whole context in one answer, and null outside an agent's scope", async () => {
    const s = await approvalScenario();
    const d = await getExceptionDetail(s.agentActors[0], s.exception.id);
    expect(d).not.toBeNull();
    expect(d!.payload).toMatchObject({ firstName: "Jane" });
    expect(d!.record).toMatchObject({ id: s.exception.recordId });
    expect(d!.decision).toMatchObject({ outcome: "APPROVAL_REQUIRED" });
    expect(d!.sla.state).toBe("on_track");
    expect(d!.actions).toEqual(["approve", "reject", "reassign", "escalate", "close"]);
    expect(d!.suggestion).toMatchObject({ ownerId: expect.any(String) });
    expect(d!.touchedBy.map((a) => a.action)).toContain("exception.opened");
    const kinds = new Set(d!.history.map((h) => h.kind));
    for (const k of ["event", "decision", "exception", "audit"]) expect(kinds).toContain(k);
    const candidate = d!.reassign!.candidates.find((c) => c.id === s.agents[0].id);
    expect(candidate).toMatchObject({ openHandoffs: 0, capacity: 10_000, unavailable: null });
    expect(d!.reassign!.teams.map((t) => t.id)).toContain(s.team.id);

    const outsider = await makeUser("AGENT", { teamId: (await makeTeam()).id });
    expect(await getExceptionDetail(outsider.actor, s.exception.id)).toBeNull();
    expect(await getExceptionDetail(outsider.actor, uniq("nope"))).toBeNull();
  });
});
