import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeUser, uniq } from "@/test/factories";
import { loadDashboard, loadRangeFigures } from "./data";
import { resolvePeriod } from "./period";
import { loadWeeklyReview } from "./store/weekly";

/**
 * A hand-built fortnight in March 2001 (far from any other test's rows), all
 * times UTC. The expected figures are worked out by hand in the comments.
 * Period: custom 2001-03-05 … 2001-03-06 (2 days); previous: 03-03 … 03-04.
 */
const at = (day: number, hhmm: string) =>
  new Date(`2001-03-${String(day).padStart(2, "0")}T${hhmm}:00.000Z`);
const MIN = 60_000;
const HOUR = 3_600_000;
const NOW = at(10, "00:00");

let W = { id: "", versionId: "", sourceId: "" };
let W2 = { id: "", versionId: "" };

async function workflow(sourceId: string, name: string) {
  const wf = await db.workflow.create({
    data: { key: uniq("wf"), name, sourceId, draft: {} },
  });
  const v = await db.workflowVersion.create({
    data: { workflowId: wf.id, version: 1, definition: {} },
  });
  return { id: wf.id, versionId: v.id, sourceId };
}

beforeAll(async () => {
  const source = await db.source.create({
    data: { key: uniq("src"), name: "Dash source", signingSecret: "whsec_x" },
  });
  W = await workflow(source.id, "Dash W");
  W2 = await workflow(source.id, "Dash W2");
  const { user: agent } = await makeUser("AGENT");
  const { user: manager } = await makeUser("MANAGER");
  const record = await db.record.create({ data: { identityKey: uniq("email:") } });

  // Events: deadline = received + 15 min; processed 1 min after receipt unless noted.
  const ev = async (
    name: string,
    received: Date,
    processed: Date | null,
    status = "ROUTED",
    versionId = W.versionId,
  ) =>
    db.event.create({
      data: {
        sourceId: source.id,
        idempotencyKey: uniq(name),
        bodyHash: "x",
        payload: "{}",
        headers: {},
        status: status as "ROUTED",
        receivedAt: received,
        processedAt: processed,
        deadlineAt: new Date(received.getTime() + 15 * MIN),
        workflowVersionId: versionId,
        recordId: record.id,
      },
    });
  const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);
  const E0 = await ev("e0", at(3, "12:00"), at(3, "12:30")); // late (deadline 12:15)
  const E1 = await ev("e1", at(5, "09:00"), plus(at(5, "09:00"), MIN));
  const E2 = await ev("e2", at(5, "10:00"), plus(at(5, "10:00"), 30_000));
  const E3 = await ev("e3", at(5, "10:50"), at(5, "10:51"), "EXCEPTION");
  const E4 = await ev("e4", at(5, "22:00"), at(5, "22:20")); // late (deadline 22:15)
  const E5 = await ev("e5", at(6, "07:59"), at(6, "08:00"), "COMPLETED");
  const E6 = await ev("e6", at(6, "15:00"), plus(at(6, "15:00"), 10_000));
  const E7 = await ev("e7", at(4, "22:50"), at(4, "22:51"));
  await ev("e8", at(6, "23:00"), null, "RECEIVED"); // never processed
  const E9 = await ev("e9", at(5, "20:00"), at(5, "20:00"));
  const E10 = await ev("e10", at(6, "12:00"), at(6, "12:00"));
  const E11 = await ev("e11", at(4, "09:59"), at(4, "10:00"));
  void E0;

  const handoff = (
    eventId: string | null,
    created: Date,
    f: {
      acceptedAt?: Date;
      state?: string;
      updatedAt?: Date;
      escalations?: number;
      versionId?: string;
    } = {},
  ) =>
    db.handoff.create({
      data: {
        recordId: record.id,
        eventId,
        workflowVersionId: f.versionId ?? W.versionId,
        ownerId: agent.id,
        state: (f.state ?? (f.acceptedAt ? "ACCEPTED" : "PENDING")) as "PENDING",
        createdAt: created,
        dueAt: new Date(created.getTime() + 30 * MIN),
        acceptedAt: f.acceptedAt ?? null,
        escalations: f.escalations ?? 0,
        updatedAt: f.updatedAt ?? created,
      },
    });
  await handoff(E1.id, at(5, "09:01"), { acceptedAt: at(5, "09:11") }); // H1
  await handoff(E2.id, at(5, "10:00"), { acceptedAt: at(5, "11:00") }); // H2
  await handoff(E9.id, at(5, "20:00"), { acceptedAt: at(6, "08:00") }); // H3
  await handoff(E4.id, at(5, "22:20")); // H4: pending for ever
  await handoff(E10.id, at(6, "12:00"), { state: "HANDED_BACK", updatedAt: at(6, "12:10") }); // H5
  const H6 = await handoff(E6.id, at(6, "15:00"), { state: "ESCALATED" }); // H6
  await handoff(E7.id, at(4, "23:00"), { acceptedAt: at(5, "08:00") }); // H7
  // Another workflow's lead, pending: only in the all-workflows figures.
  await handoff(null, at(5, "12:00"), { versionId: W2.versionId });

  const exception = (
    reason: string,
    created: Date,
    f: {
      eventId?: string;
      resolvedAt?: Date;
      resolution?: string;
      handoffId?: string;
      workflowId?: string;
    },
  ) =>
    db.exception.create({
      data: {
        reason: reason as "STUCK",
        status: f.resolvedAt ? "RESOLVED" : "OPEN",
        title: `${reason} test`,
        eventId: f.eventId ?? null,
        handoffId: f.handoffId ?? null,
        workflowId: f.workflowId ?? W.id,
        dueAt: new Date(created.getTime() + 4 * HOUR),
        allowedActions: [],
        createdAt: created,
        resolvedAt: f.resolvedAt ?? null,
        resolution: f.resolution ?? null,
        context: { decision: { ruleId: "r-big", ruleName: "Big accounts" } },
      },
    });
  const X1 = await exception("MISSING_FIELD", at(4, "10:00"), {
    eventId: E11.id,
    resolvedAt: at(5, "10:00"),
    resolution: "APPROVED",
  });
  const X2 = await exception("DEAD_LETTER", at(5, "09:00"), { eventId: E2.id });
  const X3 = await exception("DEAD_LETTER", at(5, "11:00"), {
    eventId: E3.id,
    resolvedAt: at(6, "10:00"),
    resolution: "REPLAYED",
  });
  await exception("DEAD_LETTER", at(6, "11:00"), { eventId: E3.id }); // X4: the replay of X3 failed
  const X5 = await exception("LOW_CONFIDENCE", at(6, "08:00"), {
    eventId: E5.id,
    resolvedAt: at(6, "09:00"),
    resolution: "REPLAYED",
  });
  const X6 = await exception("SLA_BREACH", at(6, "15:30"), {
    eventId: E6.id,
    handoffId: H6.id,
    resolvedAt: at(7, "09:00"),
    resolution: "CLOSED",
  });
  await exception("NO_ROUTE", at(5, "12:00"), { workflowId: W2.id });

  const audit = (entityId: string, when: Date, actorType: "USER" | "SYSTEM") =>
    db.auditEntry.create({
      data: {
        actorType,
        actorId: actorType === "USER" ? manager.id : null,
        actorLabel: actorType === "USER" ? manager.email : "system:worker",
        action: actorType === "USER" ? "exception.approved" : "exception.opened",
        entityType: "exception",
        entityId,
        createdAt: when,
      },
    });
  await audit(X1.id, at(5, "10:00"), "USER"); // 24 h after opening
  await audit(X2.id, at(5, "09:00"), "SYSTEM"); // not a person: X2 still waits
  await audit(X3.id, at(6, "10:00"), "USER"); // 23 h
  await audit(X3.id, at(6, "11:00"), "USER"); // later than the first: ignored
  await audit(X5.id, at(6, "09:00"), "USER"); // 1 h
  await audit(X6.id, at(7, "09:00"), "USER"); // 17.5 h
});

const period = (tz = "UTC") =>
  resolvePeriod({ preset: "custom", tz, now: NOW, fromDay: "2001-03-05", toDay: "2001-03-06" });

describe("dashboard figures from a known set of events", () => {
  it("match the hand-computed values for one workflow", async () => {
    const p = period();
    const cur = await loadRangeFigures(p, NOW, W.id);
    const prev = await loadRangeFigures(p.previous, NOW, W.id);

    // Unanswered at end of 03-05 (24:00): H3 (accepted 03-06 08:00), H4 (never) = 2.
    // End of 03-06: H4, H6 (escalated; its breach resolved only on 03-07) = 2;
    // H3 accepted, H5 handed back 12:10. Mean (2 + 2) / 2 = 2.
    expect(cur.unanswered.map((d) => d.count)).toEqual([2, 2]);
    expect(cur.headline.unansweredAvg).toBe(2);
    // Previous: end of 03-03: nothing yet; end of 03-04: H7 (created 23:00) → mean 0.5.
    expect(prev.unanswered.map((d) => d.count)).toEqual([0, 1]);
    expect(prev.headline.unansweredAvg).toBe(0.5);

    // Accepted within the period, event → accept: H7 22:50→08:00 = 550 min, H1 11,
    // H2 60, H3 720. Sorted [11, 60, 550, 720]: p50 = rank ⌈2⌉ = 60 min, p95 = rank ⌈3.8⌉ = 720 min.
    expect(cur.accept.count).toBe(4);
    expect(cur.accept.p50).toBe(60 * MIN);
    expect(cur.accept.p95).toBe(720 * MIN);
    // Per day: 03-05 [H7 550, H1 11, H2 60] → p50 60; 03-06 [H3 720].
    expect(cur.accept.days.map((d) => [d.count, d.p50])).toEqual([
      [3, 60 * MIN],
      [1, 720 * MIN],
    ]);
    expect(prev.accept.p50).toBeNull();

    // Created in the period: H1 ok, H2 late accept, H3 late, H4 pending past due,
    // H5 handed back in time, H6 escalated → 4 / 6. Previous: H7 accepted late → 1 / 1.
    expect(cur.breach).toEqual({ total: 6, breached: 4, rate: 4 / 6 });
    expect(prev.breach.rate).toBe(1);

    // Deadlines in the period: E1 E2 E3 E4 E9 (03-05), E5 E6 E8 E10 (03-06); late: E4
    // (processed 22:20 > 22:15), E8 (never) → 7 / 9; per day 4/5 and 3/4.
    // Previous: E0 (late), E11, E7 → 2 / 3.
    expect(cur.coverage.days.map((d) => [d.covered, d.due])).toEqual([
      [4, 5],
      [3, 4],
    ]);
    expect(cur.headline.coverage).toBeCloseTo(7 / 9, 10);
    expect(prev.headline.coverage).toBeCloseTo(2 / 3, 10);

    // Open at end of 03-05: X2, X3 (both dead letters; X1 resolved 10:00) = 2.
    // End of 03-06: X2, X4 (dead letters), X6 (SLA, resolved 03-07) = 3.
    expect(cur.open.map((d) => [d.total, d.byReason.DEAD_LETTER ?? 0])).toEqual([
      [2, 2],
      [3, 2],
    ]);
    expect(cur.open[1].byReason).toEqual({ DEAD_LETTER: 2, SLA_BREACH: 1 });
    expect(cur.headline.openAtEnd).toBe(3);
    expect(cur.headline.deadLettersAtEnd).toBe(2);
    expect(prev.open.map((d) => d.total)).toEqual([0, 1]); // X1 open at end of 03-04
    // Opened: X2 X3 X4 X5 X6 = 5; previous X1 = 1.
    expect(cur.headline.exceptionsOpened).toBe(5);
    expect(prev.headline.exceptionsOpened).toBe(1);

    // Replays resolved in the period: X3 (X4 opened for the same event afterwards →
    // failed), X5 (event completed → succeeded). Success 1 / (1 + 1) = 0.5.
    expect(cur.replay).toMatchObject({ attempts: 2, succeeded: 1, failed: 1, pending: 0 });
    expect(cur.headline.replaySuccess).toBe(0.5);
    expect(cur.replay.days.map((d) => d.attempts)).toEqual([0, 2]);
    expect(prev.headline.replaySuccess).toBeNull();

    // First person's action: X3 23 h, X5 1 h, X6 17.5 h; X2 and X4 untouched (waiting).
    // Sorted [1, 17.5, 23] h: p50 = rank 2 = 17.5 h, p95 = rank 3 = 23 h. Previous: X1 24 h.
    expect(cur.firstAction).toMatchObject({ opened: 5, waiting: 2 });
    expect(cur.firstAction.p50).toBe(17.5 * HOUR);
    expect(cur.firstAction.p95).toBe(23 * HOUR);
    expect(prev.firstAction.p50).toBe(24 * HOUR);
  });

  it("include every workflow when none is chosen", async () => {
    const p = period();
    const all = await loadRangeFigures(p, NOW);
    // W2's pending lead (created 03-05 12:00) adds one on both days; its NO_ROUTE adds one open.
    // Other tests' rows are not in March 2001, so these are exact.
    expect(all.unanswered.map((d) => d.count)).toEqual([3, 3]);
    expect(all.open.map((d) => d.total)).toEqual([3, 4]);
    expect(all.breach).toMatchObject({ total: 7, breached: 5 });
  });

  it("cut days in the chosen time zone", async () => {
    // Berlin is UTC+1 in early March 2001: 03-05 runs 03-04 23:00Z → 03-05 23:00Z, so
    // E7 (deadline 03-04 23:05Z) joins 03-05: 5 of 6 in time; 03-06 (→ 03-06 23:00Z)
    // holds E5 E6 E10, all in time; E8's deadline 23:15Z falls after the period.
    const cur = await loadRangeFigures(period("Europe/Berlin"), NOW, W.id);
    expect(cur.coverage.days.map((d) => [d.covered, d.due])).toEqual([
      [5, 6],
      [3, 3],
    ]);
  });

  it("load the page's data with deltas and links, and refuse an unknown workflow", async () => {
    const d = await loadDashboard(
      { period: "custom", from: "2001-03-05", to: "2001-03-06", tz: "UTC", workflowId: W.id },
      NOW,
    );
    expect(d).not.toBeNull();
    // 2 vs 0.5 leads unanswered: worse.
    expect(d!.headline.unansweredAvg).toMatchObject({
      value: 2,
      previous: 0.5,
      delta: { change: 1.5, relative: 3, tone: "bad" },
    });
    // Coverage 7/9 vs 2/3: better.
    expect(d!.headline.coverage.delta.tone).toBe("good");
    expect(d!.links.deadLetters).toBe(`/queue?status=open&reason=DEAD_LETTER&workflowId=${W.id}`);
    // Figures about the period link to what was opened in it; "now" figures do not.
    expect(d!.links.coverage).toBe(
      `/queue?status=all&reason=STUCK&sourceId=${W.sourceId}` +
        `&createdFrom=2001-03-05T00%3A00%3A00.000Z&createdBefore=2001-03-07T00%3A00%3A00.000Z`,
    );
    expect(d!.links.replays).toBe(
      "/audit?action=exception.replayed&from=2001-03-05T00%3A00%3A00.000Z&to=2001-03-06T23%3A59%3A59.999Z",
    );
    expect(await loadDashboard({ period: "7d", tz: "UTC", workflowId: "nope" }, NOW)).toBeNull();
  });

  it("build the weekly review: reasons with examples, rules, notable changes", async () => {
    // The week ending 2001-03-07 00:00 covers 03-01 … 03-07 (UTC): X1 X2 X3 X4 X5 X6
    // in W and W2's NO_ROUTE. Dead letters lead with 3 (X2 X3 X4), newest first.
    const w = await loadWeeklyReview({ tz: "UTC", workflowId: W.id }, at(7, "00:00"));
    expect(w!.reasons[0]).toMatchObject({ reason: "DEAD_LETTER", count: 3 });
    expect(w!.reasons[0].examples).toHaveLength(3);
    expect(w!.rules[0]).toMatchObject({ workflowId: W.id, ruleName: "Big accounts", count: 6 });
    expect(w!.changes.length).toBeGreaterThan(0);
  });
});
