import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breakerFor, resetBreakers } from "@/lib/destinations/circuit";
import { openTimerException } from "@/lib/engine/store/timer-exceptions";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { makeTeam, makeUser, uniq } from "@/test/factories";
import {
  drain,
  makeDestination,
  makeSource,
  makeTeamWithAgents,
  makeWorkflow,
  receiveEvent,
} from "@/test/pipeline";
import { notifySlaSoon } from "./sla-soon";
import { notifyExceptionsOpened } from "./triggers";

const mine = (userId: string) =>
  db.notification.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });

/** Opens an SLA_BREACH exception the way the SLA timer does, in its own transaction. */
const openException = (x: { ownerId?: string | null; teamId?: string | null }) =>
  db.$transaction((tx) =>
    openTimerException(tx, "SLA_BREACH", "Ana did not accept within 30 minutes.", {
      label: `Jane ${uniq()}`,
      search: [],
      context: {},
      ...x,
    }),
  );

describe("exception opened", () => {
  it("notifies the owner once, with a link to the exception", async () => {
    const { user: owner } = await makeUser("AGENT");
    const id = await openException({ ownerId: owner.id });
    const rows = await mine(owner.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "exception_opened",
      link: `/queue?status=all&open=${id}`,
      readAt: null,
      dedupeKey: `exception:${id}:${owner.id}`,
    });
    expect(rows[0].title).toMatch(/^SLA breached: Jane/);
    expect(rows[0].body).toBe("Ana did not accept within 30 minutes.");

    // The same exception announced again (a retried batch) does not notify twice.
    const x = await db.exception.findUniqueOrThrow({ where: { id } });
    await db.$transaction((tx) => notifyExceptionsOpened(tx, [x]));
    expect(await mine(owner.id)).toHaveLength(1);
  });

  it("is written in the cause's transaction: a rollback leaves no notification", async () => {
    const { user: owner } = await makeUser("MANAGER");
    await expect(
      db.$transaction(async (tx) => {
        await openTimerException(tx, "STUCK", "stuck", {
          ownerId: owner.id,
          label: "x",
          search: [],
          context: {},
        });
        expect(await tx.notification.count({ where: { userId: owner.id } })).toBe(1);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await mine(owner.id)).toHaveLength(0);
  });

  it("with only a team, goes to the team's managers and not its agents", async () => {
    const { team, agents, manager } = await makeTeamWithAgents(2);
    const { user: second } = await makeUser("MANAGER", { teamId: team.id });
    const { user: away } = await makeUser("MANAGER", { teamId: team.id });
    await db.user.update({ where: { id: away.id }, data: { active: false } });
    await openException({ teamId: team.id });
    expect(await mine(manager.id)).toHaveLength(1);
    expect(await mine(second.id)).toHaveLength(1);
    expect(await mine(away.id)).toHaveLength(0);
    for (const a of agents) expect(await mine(a.id)).toHaveLength(0);
  });

  it("with a team that has no manager, goes to every active manager", async () => {
    const team = await makeTeam();
    const { user: someManager } = await makeUser("MANAGER");
    const { user: admin } = await makeUser("ADMIN");
    const managers = await db.user.count({ where: { role: "MANAGER", active: true } });
    const id = await openException({ teamId: team.id });
    expect(
      await db.notification.count({ where: { dedupeKey: { startsWith: `exception:${id}:` } } }),
    ).toBe(managers);
    expect(await mine(someManager.id)).toHaveLength(1);
    expect(await mine(admin.id)).toHaveLength(0);
  });

  it("with neither owner nor team, notifies nobody", async () => {
    const id = await openException({});
    expect(
      await db.notification.count({ where: { dedupeKey: { startsWith: `exception:${id}:` } } }),
    ).toBe(0);
  });

  it("from the pipeline: a batch's LOW_CONFIDENCE exception reaches the suggested team's manager", async () => {
    const { team, agents, manager } = await makeTeamWithAgents(2);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [
        {
          id: "all",
          name: "All",
          assign: { strategy: "round_robin", teamId: team.id },
          confidence: { field: "score", high: 0.8, low: 0.4 },
        },
      ],
      sla: { acceptWithinMinutes: 30 },
    });
    const e = await receiveEvent(source.id, { email: `${uniq()}@acme.example`, score: 0.6 });
    await drain(["event.process"]);
    const x = await db.exception.findFirstOrThrow({ where: { eventId: e.id } });
    expect(x.reason).toBe("LOW_CONFIDENCE");
    const rows = await mine(manager.id);
    expect(rows.map((r) => r.link)).toEqual([`/queue?status=all&open=${x.id}`]);
    for (const a of agents) expect(await mine(a.id)).toHaveLength(0);
  });
});

describe("dead letters over the threshold", () => {
  const saved = env.BATON_DEAD_LETTER_THRESHOLD;
  afterAll(() => {
    env.BATON_DEAD_LETTER_THRESHOLD = saved;
  });

  const openDead = async (n: number) => {
    const rows = Array.from({ length: n }, () => ({
      id: uniq("x"),
      reason: "DEAD_LETTER" as const,
      title: "Dead letter: test",
      dueAt: new Date(),
      allowedActions: [],
    }));
    await db.$transaction(async (tx) => {
      await tx.exception.createMany({ data: rows });
      await notifyExceptionsOpened(tx, rows);
    });
    return rows.map((r) => r.id);
  };
  const alarms = () => db.notification.count({ where: { kind: "dead_letters" } });

  it("alarms managers and admins once per crossing", async () => {
    const open = await db.exception.count({
      where: { reason: "DEAD_LETTER", status: { in: ["OPEN", "ESCALATED"] } },
    });
    env.BATON_DEAD_LETTER_THRESHOLD = open + 3;
    const { user: manager } = await makeUser("MANAGER");
    const { user: admin } = await makeUser("ADMIN");
    const { user: agent } = await makeUser("AGENT");
    const recipients = await db.user.count({
      where: { active: true, role: { in: ["MANAGER", "ADMIN"] } },
    });
    const before = await alarms();

    await openDead(2); // open + 2: below
    expect(await alarms()).toBe(before);
    const crossing = await openDead(2); // open + 4: crosses (the first of these made it)
    expect(await alarms()).toBe(before + recipients);
    const [row] = await db.notification.findMany({ where: { userId: manager.id } });
    expect(row).toMatchObject({
      kind: "dead_letters",
      link: "/queue?reason=DEAD_LETTER",
      dedupeKey: `dead_letters:${crossing[0]}:${manager.id}`,
    });
    expect(row.title).toBe(`${open + 4} dead-lettered deliveries are waiting for a replay`);
    expect(await mine(admin.id)).toHaveLength(1);
    expect(await mine(agent.id)).toHaveLength(0);

    const above = await openDead(1); // open + 5, still above: no new alarm
    expect(await alarms()).toBe(before + recipients);

    // Resolved below the threshold (open + 2), then crossing again: a new alarm.
    await db.exception.updateMany({
      where: { id: { in: [...crossing, ...above] } },
      data: { status: "RESOLVED" },
    });
    await openDead(1);
    expect(await alarms()).toBe(before + 2 * recipients);
  });
});

describe("destination circuit opened", () => {
  beforeAll(() => resetBreakers());

  it("notifies every active admin once per opening", async () => {
    const { user: admin } = await makeUser("ADMIN");
    const { user: manager } = await makeUser("MANAGER");
    const d = await makeDestination("http://127.0.0.1:9/none");
    const breaker = breakerFor(d);
    for (let i = 0; i < env.BATON_CIRCUIT_FAILURES; i++) {
      await breaker.execute(() => Promise.reject(new Error("down"))).catch(() => undefined);
    }
    await expect.poll(async () => (await mine(admin.id)).length, { timeout: 5_000 }).toBe(1);
    const opened = await db.destination.findUniqueOrThrow({ where: { id: d.id } });
    expect(opened.circuitState).toBe("OPEN");
    const [n] = await mine(admin.id);
    expect(n).toMatchObject({
      kind: "circuit_open",
      link: "/destinations",
      dedupeKey: `circuit_open:${d.id}:${opened.circuitOpenedAt!.getTime()}:${admin.id}`,
    });
    expect(n.title).toBe("Test destination is failing: its circuit opened");
    expect(await mine(manager.id)).toHaveLength(0);
  });
});

describe("SLA about to breach", () => {
  it("warns the owner of a pending handoff due within the window, once", async () => {
    const { agents } = await makeTeamWithAgents(3);
    const record = await db.record.create({
      data: { identityKey: `email:${uniq()}@x.test`, name: "Jane Doe", company: "Acme" },
    });
    const now = new Date();
    const at = (min: number) => new Date(now.getTime() + min * 60_000);
    const soon = await db.handoff.create({
      data: { recordId: record.id, ownerId: agents[0].id, dueAt: at(10) },
    });
    // Later than the window, already accepted, or already past due: no warning.
    await db.handoff.create({
      data: { recordId: record.id, ownerId: agents[1].id, dueAt: at(40) },
    });
    await db.handoff.create({
      data: { recordId: record.id, ownerId: agents[1].id, dueAt: at(5), state: "ACCEPTED" },
    });
    await db.handoff.create({
      data: { recordId: record.id, ownerId: agents[2].id, dueAt: at(-1) },
    });

    expect(await notifySlaSoon(now)).toBeGreaterThanOrEqual(1);
    const rows = await mine(agents[0].id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "sla_soon",
      title: "Accept Jane Doe (Acme) within 10 minutes",
      link: `/inbox?open=${soon.id}`,
      dedupeKey: `sla_soon:${soon.id}:${soon.dueAt.getTime()}:${agents[0].id}`,
    });
    expect(await mine(agents[1].id)).toHaveLength(0);
    expect(await mine(agents[2].id)).toHaveLength(0);

    await notifySlaSoon(new Date(now.getTime() + 60_000));
    expect(await mine(agents[0].id)).toHaveLength(1);
  });
});
