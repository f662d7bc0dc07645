// Two weeks of plausible traffic for the demo: events with their records,
// decisions, handoffs, deliveries, exceptions and audit entries. Deterministic
// (seeded PRNG), written with batched createMany so seeding stays fast.
import { createHash, randomBytes } from "node:crypto";
import type { TDb } from "../lib/server/db-client";
import { allowedActionsFor, type TExceptionReason } from "../lib/exception-model/allowed-actions";
import type { TWorkflowDefinition } from "../lib/workflow-definition/schema";

type TUser = { id: string; email: string; name: string; role: string; teamId: string | null };
type TCtx = {
  now: number;
  users: TUser[];
  teams: Record<"inbound" | "enterprise" | "support", { id: string; name: string }>;
  sources: Record<"webForm" | "crm" | "billing", { id: string; key: string }>;
  workflows: { id: string; key: string; versionId: string; definition: TWorkflowDefinition }[];
  destinationId: string;
};

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const id = () => `c${randomBytes(12).toString("hex")}`;

const FIRST = [
  "Jana",
  "Marco",
  "Aisha",
  "Liam",
  "Yuki",
  "Olga",
  "Diego",
  "Fatima",
  "Ben",
  "Chloe",
  "Mateo",
  "Hana",
  "Ravi",
  "Elif",
  "Jonas",
  "Maya",
  "Omar",
  "Zoe",
  "Luca",
  "Nora",
];
const LAST = [
  "Novak",
  "Rossi",
  "Bello",
  "Murphy",
  "Tanaka",
  "Ivanova",
  "Garcia",
  "Haddad",
  "Keller",
  "Dubois",
  "Lopez",
  "Kim",
  "Patel",
  "Yilmaz",
  "Berg",
  "Cohen",
  "Farah",
  "Evans",
  "Moretti",
  "Lind",
];
const COMPANIES: [string, number, string][] = [
  ["Acme Logistics", 1200, "DE"],
  ["Brightpath Health", 340, "US"],
  ["Cobalt Energy", 5400, "GB"],
  ["Delta Foods", 85, "FR"],
  ["Evergreen Realty", 40, "US"],
  ["Fjord Analytics", 220, "NO"],
  ["Granite Insurance", 2100, "CH"],
  ["Helix Biotech", 650, "US"],
  ["Ion Mobility", 18, "AT"],
  ["Juniper Retail", 900, "ES"],
  ["Kestrel Security", 130, "GB"],
  ["Lumen Schools", 60, "NL"],
  ["Mosaic Media", 300, "DE"],
  ["Northwind Traders", 75, "US"],
  ["Orbit Telecom", 8000, "FR"],
  ["Pine & Co", 12, "IE"],
];

export async function buildDemoHistory(db: TDb, ctx: TCtx) {
  const rand = prng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const agentsOf = (teamId: string) =>
    ctx.users.filter(
      (u) => u.role === "AGENT" && u.teamId === teamId && !u.email.startsWith("lena"),
    );
  const managerOf = (teamId: string) =>
    ctx.users.find((u) => u.role === "MANAGER" && u.teamId === teamId) ?? ctx.users[0];
  const wfBySource = {
    [ctx.sources.webForm.id]: ctx.workflows[0],
    [ctx.sources.crm.id]: ctx.workflows[1],
    [ctx.sources.billing.id]: ctx.workflows[2],
  };

  const records = new Map<
    string,
    {
      id: string;
      email: string;
      name: string;
      company: string;
      phone: string;
      ownerId: string | null;
    }
  >();
  const rows = {
    events: [] as Record<string, unknown>[],
    handoffs: [] as Record<string, unknown>[],
    exceptions: [] as Record<string, unknown>[],
    deliveries: [] as Record<string, unknown>[],
    audit: [] as Record<string, unknown>[],
    ledger: new Map<
      string,
      { teamId: string; userId: string; assignedCount: number; lastAssignedAt: Date }
    >(),
  };

  const N = 240;
  for (let i = 0; i < N; i++) {
    // Skewed towards recent days, as a live queue is.
    const ageMs = Math.floor(Math.pow(rand(), 1.6) * 14 * 86_400_000);
    const roll = rand();
    const source =
      roll < 0.6 ? ctx.sources.webForm : roll < 0.85 ? ctx.sources.crm : ctx.sources.billing;
    // The billing system went quiet 3 hours ago: its explicit minimum (seed.ts)
    // makes the demo open a SOURCE_QUIET alarm as soon as a worker runs.
    const receivedAt = new Date(
      ctx.now - (source === ctx.sources.billing ? ageMs + 3 * 3_600_000 : ageMs),
    );
    const wf = wfBySource[source.id];
    const [company, employees, country] = pick(COMPANIES);
    const first = pick(FIRST);
    const last = pick(LAST);
    const email =
      `${first}.${last}@${company.toLowerCase().replace(/[^a-z]+/g, "")}.example`.toLowerCase();
    const phone = `+49 30 ${String(Math.floor(rand() * 9e6) + 1e6)}`;
    const score = Math.round(rand() * 100) / 100;

    const payload: Record<string, unknown> =
      source === ctx.sources.webForm
        ? {
            email,
            firstName: first,
            lastName: last,
            company,
            employees,
            country,
            score,
            message: "We'd like a demo for our ops team.",
          }
        : source === ctx.sources.crm
          ? {
              dealId: `D-${10000 + i}`,
              stage: pick(["closed_won", "closed_won", "proposal", "qualified"]),
              contactEmail: email,
              companyName: company,
              amount: Math.round(rand() * 90000),
            }
          : {
              customerEmail: email,
              company,
              amount: Math.round(rand() * 20000),
              currency: pick(["EUR", "USD"]),
            };

    let rec = records.get(email);
    if (!rec) {
      rec = { id: id(), email, name: `${first} ${last}`, company, phone, ownerId: null };
      records.set(email, rec);
    }
    const eventId = id();
    const processedAt = new Date(receivedAt.getTime() + 400 + Math.floor(rand() * 1500));

    // What happened to it.
    const fate = rand();
    let reason: TExceptionReason | null = null;
    if (fate < 0.06) reason = "MISSING_FIELD";
    else if (fate < 0.1) reason = "CONTRACT_VIOLATION";
    else if (fate < 0.15) reason = "DUPLICATE_SUSPECTED";
    else if (fate < 0.21) reason = "LOW_CONFIDENCE";
    else if (fate < 0.26)
      reason =
        source === ctx.sources.billing || source === ctx.sources.crm
          ? "APPROVAL_REQUIRED"
          : "NO_ROUTE";
    else if (fate < 0.29) reason = "DEAD_LETTER";
    else if (fate < 0.31) reason = "DELIVERY_REJECTED";
    else if (fate < 0.34) reason = "SLA_BREACH";
    else if (fate < 0.35) reason = "SOURCE_MISMATCH";

    // The payload says what the exception says: the field that is missing
    // really is missing, the invalid email really is invalid.
    const missingField =
      source === ctx.sources.webForm
        ? "country"
        : source === ctx.sources.crm
          ? "stage"
          : "currency";
    if (reason === "MISSING_FIELD") delete payload[missingField];
    if (reason === "CONTRACT_VIOLATION") {
      payload[
        source === ctx.sources.webForm
          ? "email"
          : source === ctx.sources.crm
            ? "contactEmail"
            : "customerEmail"
      ] = "n/a";
    }
    const body = JSON.stringify(payload);

    const rule =
      wf.definition.rules[
        source === ctx.sources.webForm && employees >= 500 ? 0 : wf.definition.rules.length - 1
      ];
    const teamId =
      rule.assign.strategy === "round_robin" || rule.assign.strategy === "least_loaded"
        ? rule.assign.teamId
        : (ctx.users.find((u) => rule.assign.strategy === "named" && u.id === rule.assign.userId)
            ?.teamId ?? ctx.teams.inbound.id);
    const assign = rule.assign;
    const owner =
      assign.strategy === "named"
        ? ctx.users.find((u) => u.id === assign.userId)!
        : pick(agentsOf(teamId!));
    const routed = `Rule '${rule.name}' matched; ${rule.assign.strategy.replace("_", "-")} chose ${owner.name}; confidence ${score.toFixed(2)}.`;
    // The trace says what the exception says (no "rule matched" beside "no rule matched").
    const summary =
      reason === "NO_ROUTE"
        ? `No rule matched: country ${country} is not covered and no default rule applies.`
        : reason === "MISSING_FIELD" || reason === "CONTRACT_VIOLATION"
          ? "Not decided: the event did not pass its source's contract."
          : reason === "DUPLICATE_SUSPECTED"
            ? "Not decided: it may be a duplicate of an existing record."
            : reason === "LOW_CONFIDENCE"
              ? `Rule '${rule.name}' matched and suggests ${owner.name}, but confidence ${score.toFixed(2)} is below 0.80: held for a person.`
              : reason === "APPROVAL_REQUIRED"
                ? `Rule '${rule.name}' matched and suggests ${owner.name}; the amount needs approval first.`
                : reason === "SOURCE_MISMATCH"
                  ? "Not decided: the event disagrees with the CRM record."
                  : routed;
    const decision = {
      ruleId: reason === "NO_ROUTE" ? null : rule.id,
      ruleName: reason === "NO_ROUTE" ? null : rule.name,
      confidence: score,
      summary,
      inputs: { company, employees, country, score },
    };
    const timeline = [
      { step: "trigger", at: receivedAt.toISOString(), ok: true },
      {
        step: "understand",
        at: new Date(receivedAt.getTime() + 120).toISOString(),
        ok: reason !== "MISSING_FIELD" && reason !== "CONTRACT_VIOLATION",
      },
      { step: "decide", at: new Date(receivedAt.getTime() + 250).toISOString(), ok: true },
    ];

    rows.events.push({
      id: eventId,
      sourceId: source.id,
      idempotencyKey: `msg_${createHash("sha1").update(String(i)).digest("hex").slice(0, 20)}`,
      bodyHash: createHash("sha256").update(body).digest("hex"),
      payload: body,
      headers: { "content-type": "application/json", "user-agent": "demo-seed" },
      status: reason ? "EXCEPTION" : ageMs > 3_600_000 ? "COMPLETED" : "ROUTED",
      receivedAt,
      processedAt,
      deadlineAt: new Date(receivedAt.getTime() + 15 * 60_000),
      recordId: rec.id,
      workflowVersionId: wf.versionId,
      decision,
      timeline,
    });

    let handoffId: string | null = null;
    if (
      !reason ||
      reason === "DEAD_LETTER" ||
      reason === "DELIVERY_REJECTED" ||
      reason === "SLA_BREACH"
    ) {
      handoffId = id();
      const dueAt = new Date(
        processedAt.getTime() + wf.definition.sla.acceptWithinMinutes * 60_000,
      );
      const old = ageMs > 2 * 86_400_000;
      const state =
        reason === "SLA_BREACH"
          ? "ESCALATED"
          : old
            ? pick(["COMPLETED", "COMPLETED", "COMPLETED", "HANDED_BACK"])
            : ageMs > 3 * 3_600_000
              ? pick(["ACCEPTED", "COMPLETED", "PENDING"])
              : "PENDING";
      const acceptedAt =
        state === "PENDING" || state === "ESCALATED"
          ? null
          : new Date(processedAt.getTime() + Math.floor(rand() * 50) * 60_000);
      rows.handoffs.push({
        id: handoffId,
        recordId: rec.id,
        eventId,
        workflowVersionId: wf.versionId,
        ownerId: owner.id,
        teamId,
        state,
        dueAt,
        acceptedAt,
        completedAt:
          state === "COMPLETED"
            ? new Date((acceptedAt ?? processedAt).getTime() + 3_600_000)
            : null,
        outcome:
          state === "COMPLETED"
            ? pick(wf.definition.outcomes)
            : state === "HANDED_BACK"
              ? "handed_back"
              : null,
        outcomeNote: state === "HANDED_BACK" ? "Not my territory — please reroute." : null,
        ruleId: rule.id,
        decision,
        createdAt: processedAt,
      });
      rec.ownerId = owner.id;
      const key = `${teamId}:${owner.id}`;
      const l = rows.ledger.get(key) ?? {
        teamId: teamId!,
        userId: owner.id,
        assignedCount: 0,
        lastAssignedAt: processedAt,
      };
      l.assignedCount += 1;
      if (processedAt > l.lastAssignedAt) l.lastAssignedAt = processedAt;
      rows.ledger.set(key, l);
      rows.audit.push({
        id: id(),
        actorType: "SYSTEM",
        actorLabel: "system:worker",
        action: "handoff.created",
        entityType: "handoff",
        entityId: handoffId,
        after: { ownerId: owner.id, state: "PENDING" },
        reason: decision.summary,
        createdAt: processedAt,
      });

      for (const action of wf.definition.actions.slice(0, 1)) {
        const failing = reason === "DEAD_LETTER" || reason === "DELIVERY_REJECTED";
        const attempts = reason === "DEAD_LETTER" ? 6 : 1;
        for (let a = 1; a <= attempts; a++) {
          const status = !failing
            ? "SUCCEEDED"
            : reason === "DELIVERY_REJECTED"
              ? "FAILED_PERMANENT"
              : a % 3 === 0
                ? "TIMEOUT"
                : "FAILED_TRANSIENT";
          rows.deliveries.push({
            id: id(),
            destinationId: ctx.destinationId,
            eventId,
            handoffId,
            idempotencyKey: `bk_${createHash("sha256").update(`${eventId}:${wf.versionId}:${action.id}`).digest("base64url").slice(0, 32)}`,
            attempt: a,
            status,
            httpStatus:
              status === "SUCCEEDED"
                ? 200
                : status === "FAILED_PERMANENT"
                  ? 422
                  : status === "TIMEOUT"
                    ? null
                    : 503,
            durationMs: status === "TIMEOUT" ? 5000 : 40 + Math.floor(rand() * 300),
            responseExcerpt:
              status === "SUCCEEDED"
                ? '{"ok":true}'
                : status === "FAILED_PERMANENT"
                  ? '{"error":"email domain is blocked"}'
                  : status === "TIMEOUT"
                    ? null
                    : "Service Unavailable",
            error: status === "TIMEOUT" ? "timed out after 5000 ms" : null,
            createdAt: new Date(processedAt.getTime() + a * a * 1000),
          });
        }
      }
    }

    if (reason) {
      const open = ageMs < 3 * 86_400_000 || rand() < 0.15;
      const escalated = open && rand() < 0.12;
      const exOwner = reason === "SLA_BREACH" ? managerOf(teamId!) : rand() < 0.5 ? owner : null;
      const resolver = pick(ctx.users.filter((u) => u.role !== "AGENT"));
      const createdAt = new Date(processedAt.getTime() + 200);
      const exId = id();
      const detail: Record<TExceptionReason, string> = {
        MISSING_FIELD: `Required field ${missingField} is missing.`,
        CONTRACT_VIOLATION: 'email: must be a valid email address (got "n/a").',
        DUPLICATE_SUSPECTED: `Same phone as an existing record for ${company}.`,
        LOW_CONFIDENCE: `Confidence ${score.toFixed(2)} is below the 0.80 threshold: suggested ${owner.name}.`,
        APPROVAL_REQUIRED: `Amount ${String(payload.amount ?? "")} is at or above the review threshold.`,
        NO_ROUTE: "No rule matched: country is not covered and no default rule applies.",
        SOURCE_MISMATCH: "company differs from the CRM record (source of truth).",
        DELIVERY_REJECTED: "CRM sync answered 422: email domain is blocked.",
        DEAD_LETTER:
          'CRM sync failed all 6 attempts of "Create lead in CRM" (503, timeouts); no retry is left.',
        SLA_BREACH: `${owner.name} did not accept within ${wf.definition.sla.acceptWithinMinutes} minutes.`,
        STUCK: "No outcome 15 minutes after receipt.",
        CHANNEL_DOWN: "The mailbox poller could not connect for 10 minutes (ECONNREFUSED).",
        SOURCE_QUIET: "No events for 3 business hours; about 14 expected.",
        SOURCE_REJECTING: "41 of 45 deliveries refused in the last hour (INVALID_SIGNATURE).",
        HANDED_BACK: `${owner.name} handed it back: not my territory.`,
        DRAFT_REVIEW: "The reply mentions a refund: held for review before it sends.",
        VERIFY_MISMATCH: `CRM answered 200, but the record reads back owner = nobody (expected ${owner.name}).`,
        RECONCILE_DRIFT: `The CRM record's stage changed from "new" to "lost" since Baton wrote it.`,
      };
      const resolution = open ? null : pick(["APPROVED", "REPLAYED", "CLOSED", "REJECTED"]);
      rows.exceptions.push({
        id: exId,
        reason,
        status: open ? (escalated ? "ESCALATED" : "OPEN") : "RESOLVED",
        title: `${reason
          .replaceAll("_", " ")
          .toLowerCase()
          .replace(/^./, (c) => c.toUpperCase())}: ${rec.name} (${company})`,
        detail: detail[reason],
        eventId,
        recordId: rec.id,
        handoffId,
        workflowId: wf.id,
        sourceId: source.id,
        ownerId: exOwner?.id ?? null,
        teamId,
        dueAt: new Date(createdAt.getTime() + (reason === "SLA_BREACH" ? 60 : 240) * 60_000),
        context: { payload, record: { name: rec.name, email, company }, decision },
        suggestion:
          reason === "LOW_CONFIDENCE" || reason === "APPROVAL_REQUIRED"
            ? { ownerId: owner.id, ownerName: owner.name, teamId, ruleId: rule.id }
            : undefined,
        confidence: reason === "LOW_CONFIDENCE" ? score : null,
        allowedActions: allowedActionsFor(reason),
        searchText: [email, company, rec.name, rec.id, eventId].join(" ").toLowerCase(),
        resolution,
        resolutionNote: resolution ? "Checked with the account owner." : null,
        resolvedAt: open ? null : new Date(createdAt.getTime() + 2 * 3_600_000),
        resolvedById: open ? null : resolver.id,
        createdAt,
      });
      rows.audit.push({
        id: id(),
        actorType: "SYSTEM",
        actorLabel: "system:worker",
        action: "exception.opened",
        entityType: "exception",
        entityId: exId,
        after: { reason, status: "OPEN" },
        reason: detail[reason],
        createdAt,
      });
      if (!open) {
        rows.audit.push({
          id: id(),
          actorType: "USER",
          actorId: resolver.id,
          actorLabel: resolver.email,
          action: `exception.${resolution!.toLowerCase()}`,
          entityType: "exception",
          entityId: exId,
          before: { status: "OPEN" },
          after: { status: "RESOLVED", resolution },
          createdAt: new Date(createdAt.getTime() + 2 * 3_600_000),
        });
      }
    }
  }

  await db.record.createMany({
    data: [...records.values()].map((r) => ({
      id: r.id,
      identityKey: `email:${r.email}`,
      email: r.email,
      name: r.name,
      company: r.company,
      phone: r.phone,
      ownerId: r.ownerId,
    })),
  });
  const batches = async (
    rowsIn: Record<string, unknown>[],
    fn: (data: never[]) => Promise<unknown>,
  ) => {
    for (let i = 0; i < rowsIn.length; i += 200) await fn(rowsIn.slice(i, i + 200) as never[]);
  };
  await batches(rows.events, (data) => db.event.createMany({ data }));
  await batches(rows.handoffs, (data) => db.handoff.createMany({ data }));
  await batches(rows.deliveries, (data) => db.delivery.createMany({ data }));
  await batches(rows.exceptions, (data) => db.exception.createMany({ data }));
  await batches(rows.audit, (data) => db.auditEntry.createMany({ data }));
  await db.roundRobinLedger.createMany({ data: [...rows.ledger.values()] });
  await db.sourceRejectionCount.createMany({
    data: [
      {
        sourceId: ctx.sources.webForm.id,
        reason: "INVALID_SIGNATURE",
        day: new Date(new Date(ctx.now).toISOString().slice(0, 10)),
        count: 3,
      },
      {
        sourceId: ctx.sources.webForm.id,
        reason: "MALFORMED_JSON",
        day: new Date(new Date(ctx.now).toISOString().slice(0, 10)),
        count: 1,
      },
      {
        sourceId: ctx.sources.crm.id,
        reason: "PAYLOAD_TOO_LARGE",
        day: new Date(new Date(ctx.now - 86_400_000).toISOString().slice(0, 10)),
        count: 2,
      },
    ],
  });
  return {
    events: rows.events.length,
    records: records.size,
    handoffs: rows.handoffs.length,
    exceptions: rows.exceptions.length,
    deliveries: rows.deliveries.length,
  };
}
