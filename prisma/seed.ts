// Demo data: three sign-in accounts (password `baton-demo`), teams, sources,
// workflows and two weeks of realistic events, handoffs and exceptions, so
// every page has something to show. Runs only from `npm run setup` /
// `npm run db:seed`, never from `npm start`; a second run changes nothing.
import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { createDbClient } from "../lib/server/db-client";
import { DEFAULT_DATABASE_URL } from "../lib/server/database-url";
import {
  ZWorkflowDefinition,
  type TWorkflowDefinitionInput,
} from "../lib/workflow-definition/schema";
import { asJson } from "../lib/server/json";
import { buildDemoHistory } from "./seed-history";

const db = createDbClient(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);

async function main() {
  if (await db.user.findUnique({ where: { email: "admin@example.com" } })) {
    console.log("Demo data already present: nothing to do.");
    return;
  }
  const passwordHash = await hash("baton-demo");
  const whsec = () => `whsec_${randomBytes(24).toString("base64")}`;

  const [inbound, enterprise, support] = await Promise.all(
    ["Inbound Sales", "Enterprise", "Customer Success"].map((name) =>
      db.team.create({ data: { name } }),
    ),
  );

  const people: {
    email: string;
    name: string;
    role: "ADMIN" | "MANAGER" | "AGENT";
    teamId: string | null;
    ooo?: boolean;
    capacity?: number;
  }[] = [
    { email: "admin@example.com", name: "Ada Admin", role: "ADMIN", teamId: null },
    { email: "manager@example.com", name: "Morgan Manager", role: "MANAGER", teamId: inbound.id },
    { email: "agent@example.com", name: "Alex Agent", role: "AGENT", teamId: inbound.id },
    { email: "priya@example.com", name: "Priya Raman", role: "AGENT", teamId: inbound.id },
    {
      email: "tomas@example.com",
      name: "Tomás Silva",
      role: "AGENT",
      teamId: inbound.id,
      capacity: 15,
    },
    { email: "lena@example.com", name: "Lena Vogel", role: "AGENT", teamId: inbound.id, ooo: true },
    { email: "noah@example.com", name: "Noah Okafor", role: "AGENT", teamId: enterprise.id },
    { email: "sofia@example.com", name: "Sofia Marin", role: "AGENT", teamId: enterprise.id },
    { email: "erin@example.com", name: "Erin Walsh", role: "MANAGER", teamId: enterprise.id },
    { email: "kai@example.com", name: "Kai Nakamura", role: "AGENT", teamId: support.id },
    { email: "ines@example.com", name: "Inês Costa", role: "AGENT", teamId: support.id },
  ];
  const now = Date.now();
  const users = [];
  for (const p of people) {
    users.push(
      await db.user.create({
        data: {
          email: p.email,
          name: p.name,
          role: p.role,
          teamId: p.teamId,
          passwordHash,
          capacity: p.capacity ?? 25,
          outOfOfficeFrom: p.ooo ? new Date(now - 2 * 86_400_000) : null,
          outOfOfficeUntil: p.ooo ? new Date(now + 5 * 86_400_000) : null,
        },
      }),
    );
  }
  const byEmail = Object.fromEntries(users.map((u) => [u.email, u]));

  const webForm = await db.source.create({
    data: {
      key: "web-form",
      name: "Website demo request",
      description: "Demo-request form on the marketing site",
      signingSecret: whsec(),
      contract: {
        type: "object",
        required: ["email", "company"],
        properties: {
          email: { type: "string", format: "email" },
          firstName: { type: "string" },
          lastName: { type: "string" },
          company: { type: "string", minLength: 1 },
          employees: { type: "integer", minimum: 0 },
          country: { type: "string", minLength: 2, maxLength: 2 },
          score: { type: "number", minimum: 0, maximum: 1 },
        },
      },
      identityMapping: { email: "email" },
      fieldMapping: {
        email: "email",
        company: "company",
        phone: "phone",
        name: "{firstName} {lastName}",
      },
    },
  });
  const crm = await db.source.create({
    data: {
      key: "crm",
      name: "CRM stage changes",
      description: "Deal stage changes pushed by the CRM",
      signingSecret: whsec(),
      contract: {
        type: "object",
        required: ["dealId", "stage", "contactEmail"],
        properties: {
          dealId: { type: "string" },
          stage: { type: "string", enum: ["qualified", "proposal", "closed_won", "closed_lost"] },
          contactEmail: { type: "string", format: "email" },
          amount: { type: "number", minimum: 0 },
        },
      },
      identityMapping: { email: "contactEmail", externalId: "dealId" },
      fieldMapping: { email: "contactEmail", company: "companyName" },
    },
  });
  const billing = await db.source.create({
    data: {
      key: "billing",
      name: "Payments",
      description: "Payment events from the billing system",
      signingSecret: whsec(),
      contract: {
        type: "object",
        required: ["customerEmail", "amount", "currency"],
        properties: {
          customerEmail: { type: "string", format: "email" },
          amount: { type: "number", minimum: 0 },
          currency: { type: "string", enum: ["EUR", "USD", "GBP"] },
        },
      },
      identityMapping: { email: "customerEmail" },
      fieldMapping: { email: "customerEmail", company: "company" },
      // The billing system sends at least one event an hour, around the
      // clock: an explicit minimum instead of the learned baseline (the demo's
      // two weeks of history are too short to learn from), so the dashboard's
      // channel health shows a quiet source from the first minute.
      alarmConfig: { quiet: { mode: "minimum", minimum: { events: 1, hours: 1 } } },
      createdAt: new Date(Date.now() - 15 * 86_400_000),
    },
  });

  const crmDest = await db.destination.create({
    data: {
      key: "crm-sync",
      name: "CRM sync",
      url: "http://127.0.0.1:4010/hooks/crm",
      signingSecret: whsec(),
    },
  });
  await db.destination.create({
    data: {
      key: "slack-sales",
      name: "Slack #sales-leads",
      url: "http://127.0.0.1:4010/hooks/slack",
      signingSecret: whsec(),
      timeoutMs: 3000,
    },
  });

  const definitions: {
    key: string;
    name: string;
    description: string;
    sourceId: string;
    ownerEmail: string;
    def: TWorkflowDefinitionInput;
  }[] = [
    {
      key: "inbound-leads",
      name: "Inbound lead routing",
      description: "Demo requests from the website go to the right seller within 30 minutes.",
      sourceId: webForm.id,
      ownerEmail: "manager@example.com",
      def: {
        requiredFields: ["email", "company"],
        rules: [
          {
            id: "enterprise",
            name: "Enterprise (500+ employees)",
            when: { ">=": [{ var: "employees" }, 500] },
            assign: { strategy: "round_robin", teamId: enterprise.id, weights: {} },
            confidence: { field: "score", high: 0.8, low: 0.4 },
          },
          {
            id: "dach",
            name: "DACH region",
            when: { in: [{ var: "country" }, ["DE", "AT", "CH"]] },
            assign: { strategy: "named", userId: byEmail["priya@example.com"].id },
          },
          {
            id: "default",
            name: "Everyone else",
            when: null,
            assign: { strategy: "round_robin", teamId: inbound.id, weights: {} },
            confidence: { field: "score", high: 0.6, low: 0.2 },
          },
        ],
        sla: { acceptWithinMinutes: 30, onBreach: "reassign", maxReassignments: 2 },
        actions: [
          {
            id: "crm-upsert",
            name: "Create lead in CRM",
            type: "webhook",
            destinationKey: "crm-sync",
          },
          {
            id: "notify",
            name: "Post to #sales-leads",
            type: "webhook",
            destinationKey: "slack-sales",
          },
        ],
        owners: { rule: "Morgan Manager", decision: "Inbound Sales", connector: "RevOps" },
      },
    },
    {
      key: "deal-won",
      name: "Closed-won handover",
      description: "Won deals are handed to Customer Success for onboarding.",
      sourceId: crm.id,
      ownerEmail: "erin@example.com",
      def: {
        filter: { "==": [{ var: "stage" }, "closed_won"] },
        requiredFields: ["dealId", "contactEmail"],
        rules: [
          {
            id: "large",
            name: "Large deal (≥ 50k)",
            when: { ">=": [{ var: "amount" }, 50000] },
            assign: { strategy: "least_loaded", teamId: support.id },
            approval: { tier: "full_review" },
          },
          {
            id: "standard",
            name: "Standard onboarding",
            when: null,
            assign: { strategy: "least_loaded", teamId: support.id },
            approval: { tier: "fast_track", fastTrackMinutes: 60 },
          },
        ],
        sla: {
          acceptWithinMinutes: 240,
          businessHours: {
            timezone: "Europe/Berlin",
            days: [1, 2, 3, 4, 5],
            start: "09:00",
            end: "17:00",
          },
          onBreach: "exception",
        },
        actions: [
          {
            id: "crm-onboarding",
            name: "Open onboarding in CRM",
            type: "webhook",
            destinationKey: "crm-sync",
          },
        ],
        owners: { rule: "Erin Walsh", decision: "Customer Success", connector: "RevOps" },
      },
    },
    {
      key: "payments",
      name: "Payment follow-up",
      description: "Large or unusual payments get a named owner and a money check.",
      sourceId: billing.id,
      ownerEmail: "admin@example.com",
      def: {
        requiredFields: ["customerEmail", "amount"],
        rules: [
          {
            id: "all-payments",
            name: "All payments",
            when: null,
            assign: { strategy: "named", userId: byEmail["kai@example.com"].id },
            money: { field: "amount", threshold: 10000 },
            sourceOfTruth: { fields: ["company"] },
          },
        ],
        sla: { acceptWithinMinutes: 120, onBreach: "exception" },
        actions: [],
        owners: { rule: "Ada Admin", decision: "Finance", connector: "—" },
      },
    },
  ];

  const workflows = [];
  for (const d of definitions) {
    const definition = ZWorkflowDefinition.parse(d.def);
    const wf = await db.workflow.create({
      data: {
        key: d.key,
        name: d.name,
        description: d.description,
        sourceId: d.sourceId,
        ownerId: byEmail[d.ownerEmail].id,
        draft: asJson(definition),
      },
    });
    const version = await db.workflowVersion.create({
      data: {
        workflowId: wf.id,
        version: 1,
        definition: asJson(definition),
        note: "Initial version",
        publishedById: byEmail["admin@example.com"].id,
        publishedAt: new Date(now - 20 * 86_400_000),
      },
    });
    await db.workflow.update({ where: { id: wf.id }, data: { publishedVersionId: version.id } });
    workflows.push({ ...wf, versionId: version.id, definition });
  }

  const counts = await buildDemoHistory(db, {
    now,
    users,
    teams: { inbound, enterprise, support },
    sources: { webForm, crm, billing },
    workflows,
    destinationId: crmDest.id,
  });

  await db.auditEntry.create({
    data: {
      actorType: "SYSTEM",
      actorLabel: "seed",
      action: "demo.seeded",
      entityType: "system",
      after: counts,
    },
  });
  console.log(`Seeded demo data: ${users.length} users, ${JSON.stringify(counts)}`);
  console.log(
    "Sign in as admin@example.com, manager@example.com or agent@example.com with password baton-demo.",
  );
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
