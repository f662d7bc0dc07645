import { z } from "zod";
import { ZDate } from "./responses";

/**
 * What the workflow endpoints answer, as zod, for the OpenAPI document only:
 * they mirror lib/workflows/data.ts, test-run.ts and backtest.ts. Dates are
 * ISO 8601 strings.
 */

const ZJson = z.unknown().meta({ description: "Free-form JSON" });
const ZRef = z.object({ id: z.string(), name: z.string() });
const ZDefinition = z
  .record(z.string(), z.unknown())
  .meta({ description: "A workflow definition (WorkflowDefinition)" });

export const ZWorkflowSummary = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  updatedAt: ZDate,
  source: z.object({ key: z.string(), name: z.string() }),
  owner: z.object({ name: z.string() }).nullable(),
  publishedVersion: z.object({ version: z.int(), publishedAt: ZDate }).nullable(),
  _count: z.object({ versions: z.int() }),
});

export const ZWorkflowList = z.object({ data: z.array(ZWorkflowSummary) });

export const ZWorkflowCreated = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  sourceId: z.string(),
  createdAt: ZDate,
  updatedAt: ZDate,
});

export const ZWorkflowVersionSummary = z.object({
  id: z.string(),
  version: z.int(),
  note: z.string().nullable(),
  publishedAt: ZDate,
  publishedBy: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
});

export const ZWorkflowVersion = ZWorkflowVersionSummary.extend({
  workflowId: z.string(),
  definition: ZDefinition.meta({ description: "Immutable: the definition as published" }),
});

export const ZWorkflowVersionList = z.object({
  publishedVersion: z.int().nullable().meta({ description: "The version new events use" }),
  data: z.array(ZWorkflowVersionSummary).meta({ description: "Newest first" }),
});

export const ZWorkflowDetail = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  draft: ZDefinition.meta({ description: "The working definition; publishing freezes it" }),
  createdAt: ZDate,
  updatedAt: ZDate.meta({ description: "Send as `expectedUpdatedAt` when saving" }),
  source: z.object({ id: z.string(), key: z.string(), name: z.string() }),
  owner: ZRef.nullable(),
  publishedVersion: ZWorkflowVersionSummary.extend({ definition: ZDefinition }).nullable(),
  versions: z.array(ZWorkflowVersionSummary),
  hasUnpublishedChanges: z.boolean(),
});

export const ZWorkflowDiffEntry = z.object({
  kind: z.enum(["rule_added", "rule_removed", "rule_moved", "added", "removed", "changed"]),
  path: z
    .string()
    .meta({ examples: ["rules[enterprise].assign.teamId", "sla.acceptWithinMinutes"] }),
  ruleId: z.string().optional(),
  ruleName: z.string().optional(),
  position: z.int().optional().meta({ description: "1-based place of an added or removed rule" }),
  from: z.int().optional().meta({ description: "A moved rule's old place (1-based)" }),
  to: z.int().optional().meta({ description: "A moved rule's new place (1-based)" }),
  old: ZJson.optional(),
  new: ZJson.optional(),
});

export const ZWorkflowDiff = z.object({
  from: z.string(),
  to: z.string(),
  changes: z.array(ZWorkflowDiffEntry),
});

export const ZWorkflowPublished = z.object({
  workflowId: z.string(),
  versionId: z.string(),
  version: z.int(),
  publishedAt: ZDate,
  rolledBackTo: z.int().optional().meta({ description: "Rollback only: the version copied" }),
});

export const ZWorkflowTestRun = z.object({
  eventId: z.string(),
  status: z.enum(["ROUTED", "COMPLETED", "EXCEPTION"]),
  kind: z.enum(["handoff", "exception"]),
  ownerId: z.string().nullable(),
  teamId: z.string().nullable(),
  ruleId: z.string().nullable(),
  reason: z.string().nullable().meta({ description: "Exception reason, e.g. NO_ROUTE" }),
  title: z.string().nullable(),
  detail: z.string().nullable(),
  dueAt: ZDate.nullable(),
  suggestedOwnerId: z.string().nullable(),
  actions: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      destinationKey: z.string(),
      idempotencyKey: z.string(),
    }),
  ),
  timeline: z.array(
    z.object({ step: z.string(), at: ZDate, ok: z.boolean(), note: z.string().optional() }),
  ),
  trace: z
    .record(z.string(), z.unknown())
    .nullable()
    .meta({ description: "The decision trace, as the engine stores it on the event" }),
  owner: ZRef.nullable(),
  team: ZRef.nullable(),
  suggestedOwner: ZRef.nullable(),
  existingRecord: z.boolean(),
});

const ZCount = z.object({ id: z.string(), name: z.string(), count: z.int() });

export const ZBacktestSide = z.object({
  label: z.string(),
  version: z.int().nullable(),
  total: z.int(),
  handoffs: z.int(),
  exceptions: z.int(),
  byOwner: z.array(ZCount),
  byTeam: z.array(ZCount),
  byRule: z.array(ZCount),
  exceptionsByReason: z.array(
    z.object({
      reason: z.string(),
      count: z.int(),
      why: z.array(z.object({ text: z.string(), count: z.int() })),
    }),
  ),
});

export const ZWorkflowBacktest = z.object({
  days: z.int(),
  since: ZDate,
  events: z.int().meta({ description: "Events replayed" }),
  totalInWindow: z.int(),
  truncated: z
    .boolean()
    .meta({ description: "More events than `limit`: the newest were replayed" }),
  limit: z.int(),
  durationMs: z.int(),
  published: ZBacktestSide,
  draft: ZBacktestSide,
  changed: z.object({
    routeChanges: z.int().meta({ description: "Outcome, team or rule differs" }),
    ownerChanges: z.int().meta({ description: "Same team and rule, another member" }),
    newExceptions: z
      .int()
      .meta({ description: "Handed off by the published version, an exception under the draft" }),
    resolvedExceptions: z
      .int()
      .meta({ description: "An exception under the published version, handed off by the draft" }),
    list: z.array(
      z.object({
        eventId: z.string(),
        receivedAt: ZDate,
        label: z.string(),
        change: z.enum(["route", "owner"]),
        published: z.string(),
        draft: z.string(),
      }),
    ),
    listTruncated: z.boolean(),
  }),
});
