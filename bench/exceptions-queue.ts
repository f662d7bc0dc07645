// Queue read benchmark: 100,000 open (+20,000 resolved) exceptions in a fresh
// database, then the server time of the queue's reads (findExceptions,
// countsByReason) measured with performance.now(): median and worst of 15
// runs after a warm-up.
//
//   node --conditions=react-server --import tsx bench/exceptions-queue.ts
//   BENCH_DATABASE_URL=postgresql://… for PostgreSQL
//   BENCH_REUSE=1 with BENCH_DATABASE_URL: measure an already seeded database
//   BENCH_JSON=1: also print one last line `{"queue": {label: {medianMs, maxMs}}}`
//   (bench/run.ts reads it)
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { createDbClient } from "../lib/server/db-client";
import { resetDatabase } from "../scripts/test-db";

fs.mkdirSync("bench/.out", { recursive: true });
const url = process.env.BENCH_DATABASE_URL ?? `file:./bench/.out/queue-${Date.now()}.db`;
const OPEN = 100_000;
const RESOLVED = 20_000;
const CHUNK = 5_000;
const REASONS = [
  "MISSING_FIELD",
  "CONTRACT_VIOLATION",
  "DUPLICATE_SUSPECTED",
  "LOW_CONFIDENCE",
  "APPROVAL_REQUIRED",
  "NO_ROUTE",
  "SOURCE_MISMATCH",
  "DELIVERY_REJECTED",
  "DEAD_LETTER",
  "SLA_BREACH",
  "STUCK",
] as const;

async function seed() {
  await resetDatabase(url);
  const raw = createDbClient(url);
  const teams = await Promise.all(
    ["Inbound", "Enterprise", "Support"].map((name) => raw.team.create({ data: { name } })),
  );
  for (let i = 0; i < 30; i++) {
    await raw.user.create({
      data: {
        email: `agent${i}@bench.example`,
        name: `Agent ${i}`,
        role: i % 10 === 0 ? "MANAGER" : "AGENT",
        passwordHash: "x",
        teamId: teams[i % 3].id,
      },
    });
  }
  const users = await raw.user.findMany({ orderBy: { email: "asc" } });
  const sources = await Promise.all(
    ["web", "crm"].map((key) =>
      raw.source.create({ data: { key, name: key, signingSecret: "whsec_x" } }),
    ),
  );
  const id = () => `x${randomBytes(10).toString("hex")}`;
  const now = Date.now();
  const started = performance.now();
  for (let done = 0; done < OPEN + RESOLVED; done += CHUNK) {
    await raw.exception.createMany({
      data: Array.from({ length: CHUNK }, (_, j) => {
        const i = done + j;
        const createdAt = new Date(now - Math.floor((i * 14 * 86_400_000) / (OPEN + RESOLVED)));
        const owner = i % 4 === 0 ? users[i % users.length] : null;
        return {
          id: id(),
          reason: REASONS[i % REASONS.length],
          status: i < OPEN ? (i % 50 === 0 ? "ESCALATED" : "OPEN") : "RESOLVED",
          title: `Case ${i}`,
          detail: "bench",
          sourceId: sources[i % 2].id,
          ownerId: owner?.id ?? null,
          teamId: teams[i % 3].id,
          dueAt: new Date(createdAt.getTime() + 4 * 3_600_000),
          allowedActions: ["replay", "escalate", "close"],
          context: { payload: { email: `lead${i}@acme-${i % 997}.example` } },
          searchText: `lead${i}@acme-${i % 997}.example acme ${i % 997} gmbh r${i} e${i}`,
          createdAt,
        } as const;
      }),
    });
  }
  console.log(
    `inserted ${OPEN} open + ${RESOLVED} resolved in ${Math.round(performance.now() - started)} ms`,
  );
  await raw.$disconnect();
}

if (!process.env.BENCH_REUSE) await seed();
const raw = createDbClient(url);
const users = await raw.user.findMany({ orderBy: { email: "asc" } });
await raw.$disconnect();

// The domain code reads DATABASE_URL when first imported.
process.env.DATABASE_URL = url;
process.env.LOG_LEVEL = "silent";
const { findExceptions, countsByReason } = await import("../lib/exceptions/data");
const { planBulk } = await import("../lib/exceptions/mutations/bulk");
const actor = (u: (typeof users)[number]) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  teamId: u.teamId,
  active: true,
  via: "session" as const,
});
const manager = actor(users.find((u) => u.role === "MANAGER")!);
const agent = actor(users.find((u) => u.role === "AGENT")!);

const timings: Record<string, { medianMs: number; maxMs: number }> = {};

async function time(label: string, fn: () => Promise<unknown>) {
  await fn();
  const runs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    await fn();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  timings[label] = { medianMs: round1(runs[7]), maxMs: round1(runs[14]) };
  console.log(
    `${label.padEnd(58)} median ${runs[7].toFixed(1).padStart(6)} ms   max ${runs[14].toFixed(1).padStart(6)} ms`,
  );
}

function round1(n: number) {
  return Math.round(n * 10) / 10;
}

const first = await findExceptions(manager, { limit: 50 });
await time("first page (open, newest first, 50)", () => findExceptions(manager, { limit: 50 }));
await time("next page by cursor", () =>
  findExceptions(manager, { limit: 50, cursor: first.nextCursor! }),
);
await time("reason=NO_ROUTE + q=acme-123", () =>
  findExceptions(manager, { limit: 50, reason: ["NO_ROUTE"], q: "acme-123" }),
);
await time("q=lead99123@ (one match)", () =>
  findExceptions(manager, { limit: 50, q: "lead99123@" }),
);
await time("sort dueAt asc", () => findExceptions(manager, { limit: 50, sort: "dueAt" }));
await time("sla=breached", () => findExceptions(manager, { limit: 50, sla: "breached" }));
await time("reason=STUCK,NO_ROUTE sort reason", () =>
  findExceptions(manager, { limit: 50, reason: ["STUCK", "NO_ROUTE"], sort: "reason" }),
);
await time("agent scope (own + team), first page", () => findExceptions(agent, { limit: 50 }));
await time("agent ownerId=me", () => findExceptions(agent, { limit: 50, ownerId: "me" }));
await time("page mode page=1 with total", () => findExceptions(manager, { page: 1, perPage: 50 }));
await time("page mode page=200 with total", () =>
  findExceptions(manager, { page: 200, perPage: 50 }),
);
await time("countsByReason (open)", () => countsByReason(manager, {}));
await time("countsByReason (open, q=acme-123)", () => countsByReason(manager, { q: "acme-123" }));
// The plan a manager sees before a bulk replay of a filtered selection (the
// oldest 1,000 of ~9,000 NO_ROUTE cases: ids, side effects, skips).
await time("bulk replay plan (reason=NO_ROUTE, 1,000 planned)", () =>
  planBulk(manager, { action: "replay", from: "trigger", filter: { reason: ["NO_ROUTE"] } }),
);
if (process.env.BENCH_JSON) console.log(JSON.stringify({ queue: timings }));
process.exit(0);
