import "server-only";
import { db } from "@/lib/server/db";
import { sortRows, type TDir } from "@/lib/server/search-params";
import type { TTx } from "@/lib/server/db-client";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { AppError } from "@/lib/server/errors";
import type { TDefinitionRefs } from "./check-definition";
import { conditionFields } from "./condition-fields";
import { diffDefinitions } from "./diff";
import { WORKFLOW_SORTS, type TDiffSide, type TWorkflowSort } from "./schema";

/** Workflows with their trigger source and published version, by name unless sorted. */
export async function findWorkflows(opts: { sort?: TWorkflowSort | null; dir?: TDir | null } = {}) {
  const rows = await db.workflow.findMany({
    select: {
      id: true,
      key: true,
      name: true,
      description: true,
      active: true,
      updatedAt: true,
      source: { select: { key: true, name: true } },
      owner: { select: { name: true } },
      publishedVersion: { select: { version: true, publishedAt: true } },
      _count: { select: { versions: true } },
    },
    orderBy: { name: "asc" },
  });
  // Tens of workflows, and two of the keys are relations' names: sorted here.
  return sortRows(
    rows,
    {
      name: (w) => w.name,
      trigger: (w) => w.source.key,
      owner: (w) => w.owner?.name ?? null,
    },
    WORKFLOW_SORTS,
    opts.sort,
    opts.dir,
  );
}

export const versionSummarySelect = {
  id: true,
  version: true,
  note: true,
  publishedAt: true,
  publishedBy: { select: { id: true, name: true, email: true } },
} satisfies Prisma.WorkflowVersionSelect;

const workflowSelect = {
  id: true,
  key: true,
  name: true,
  description: true,
  active: true,
  draft: true,
  createdAt: true,
  updatedAt: true,
  source: { select: { id: true, key: true, name: true } },
  owner: { select: { id: true, name: true } },
  publishedVersion: { select: { ...versionSummarySelect, definition: true } },
  versions: { select: versionSummarySelect, orderBy: { version: "desc" } },
} satisfies Prisma.WorkflowSelect;

/**
 * One workflow with its draft, its published version (definition included)
 * and every version's summary, newest first. `hasUnpublishedChanges` says
 * whether the draft differs from what new events use.
 */
export async function getWorkflow(id: string) {
  const row = await db.workflow.findUnique({ where: { id }, select: workflowSelect });
  if (!row) return null;
  const published = row.publishedVersion;
  const hasUnpublishedChanges =
    !published || diffDefinitions(published.definition, row.draft).length > 0;
  return { ...row, hasUnpublishedChanges };
}
export type TWorkflowDetail = NonNullable<Awaited<ReturnType<typeof getWorkflow>>>;

/**
 * The names of the source's other workflows the engine routes its events
 * with now (active, with a published version; oldest first, as the engine
 * tries them).
 */
export async function findOtherLiveWorkflows(sourceId: string, workflowId: string) {
  const rows = await db.workflow.findMany({
    where: { sourceId, active: true, publishedVersionId: { not: null }, id: { not: workflowId } },
    select: { name: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => r.name);
}

/** One version of a workflow, by number, with its frozen definition. */
export async function getWorkflowVersion(workflowId: string, version: number) {
  return db.workflowVersion.findUnique({
    where: { workflowId_version: { workflowId, version } },
    select: { ...versionSummarySelect, workflowId: true, definition: true },
  });
}

/** Every version of a workflow, newest first (summaries; definitions via getWorkflowVersion). */
export async function findWorkflowVersions(workflowId: string) {
  return db.workflowVersion.findMany({
    where: { workflowId },
    select: versionSummarySelect,
    orderBy: { version: "desc" },
  });
}

/** The teams, active users and destinations a definition may name, for publish checks. */
export async function loadDefinitionRefs(
  client: TTx = db,
  selfWorkflowId?: string,
): Promise<TDefinitionRefs> {
  const [teams, users, destinations, workflows] = await Promise.all([
    client.team.findMany({ select: { id: true } }),
    client.user.findMany({ where: { active: true }, select: { id: true, teamId: true } }),
    client.destination.findMany({ select: { key: true, kind: true } }),
    client.workflow.findMany({
      select: {
        id: true,
        key: true,
        name: true,
        publishedVersion: { select: { definition: true } },
      },
    }),
  ]);
  return {
    teamIds: new Set(teams.map((t) => t.id)),
    users: new Map(users.map((u) => [u.id, { teamId: u.teamId }])),
    destinationKeys: new Set(destinations.map((d) => d.key)),
    workflows: new Map(
      workflows.map((w) => [
        w.key,
        {
          name: w.name,
          next: nextStagesOf(w.publishedVersion?.definition ?? null).map((n) => n.workflowKey),
        },
      ]),
    ),
    selfKey: workflows.find((w) => w.id === selfWorkflowId)?.key ?? null,
    destinationKinds: new Map(destinations.map((d) => [d.key, d.kind])),
  };
}

/** How many of the source's newest events the condition builder's payload fields come from. */
export const FIELD_SAMPLE_EVENTS = 200;

/**
 * What the editor offers in its pickers: teams with their members, active
 * users, destinations, sources, and the fields a condition can read (the
 * canonical record's; the source contract's properties and the fields seen in
 * the source's newest FIELD_SAMPLE_EVENTS payloads, see conditionFields).
 * `fieldsFromEvents` is how many events were read.
 */
export async function getEditorOptions(sourceId: string) {
  const [teams, users, destinations, sources, source, recent, workflows] = await Promise.all([
    db.team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.user.findMany({
      where: { active: true },
      select: { id: true, name: true, email: true, role: true, teamId: true },
      orderBy: { name: "asc" },
    }),
    db.destination.findMany({
      select: { key: true, name: true, active: true, kind: true, url: true },
      orderBy: { name: "asc" },
    }),
    db.source.findMany({ select: { id: true, key: true, name: true }, orderBy: { name: "asc" } }),
    db.source.findUnique({ where: { id: sourceId }, select: { contract: true } }),
    db.event.findMany({
      where: { sourceId },
      select: { payload: true },
      orderBy: { receivedAt: "desc" },
      take: FIELD_SAMPLE_EVENTS,
    }),
    db.workflow.findMany({
      select: {
        key: true,
        name: true,
        active: true,
        publishedVersion: { select: { definition: true } },
      },
      orderBy: { name: "asc" },
    }),
  ]);
  const payloads = recent.flatMap((e) => {
    try {
      return [JSON.parse(e.payload) as unknown];
    } catch {
      // A payload that is not JSON cannot suggest fields; ingest would not have stored one.
      return [];
    }
  });
  const fields = conditionFields({ contract: source?.contract ?? null, payloads });
  return {
    teams,
    users,
    destinations,
    sources,
    fields,
    fieldsFromEvents: recent.length,
    // For the next-stage pickers and the map: every workflow, with the stages
    // its published version starts (to show which ones start this one).
    workflows: workflows.map((w) => ({
      key: w.key,
      name: w.name,
      active: w.active,
      next: nextStagesOf(w.publishedVersion?.definition ?? null),
    })),
  };
}

/** The `next` stages of a stored definition, as far as they read (outcome → workflow key). */
function nextStagesOf(definition: unknown): { outcome: string; workflowKey: string }[] {
  const next = (definition as { next?: unknown } | null)?.next;
  if (!Array.isArray(next)) return [];
  return next.flatMap((n) =>
    typeof n?.outcome === "string" && typeof n?.workflowKey === "string"
      ? [{ outcome: n.outcome, workflowKey: n.workflowKey }]
      : [],
  );
}
export type TEditorOptions = Awaited<ReturnType<typeof getEditorOptions>>;

/** A recent payload of the source, to prefill the test box. */
export async function getSamplePayload(sourceId: string) {
  const e = await db.event.findFirst({
    where: { sourceId },
    select: { payload: true },
    orderBy: { receivedAt: "desc" },
  });
  return e?.payload ?? null;
}

/** A diff side's definition: a version's, or the draft's. Null when there is no such version. */
async function sideDefinition(workflowId: string, side: TDiffSide) {
  if (side === "draft") {
    const wf = await db.workflow.findUnique({ where: { id: workflowId }, select: { draft: true } });
    return wf ? { label: "Draft", definition: wf.draft } : null;
  }
  const v = await getWorkflowVersion(workflowId, side);
  return v ? { label: `v${v.version}`, definition: v.definition } : null;
}

/** The readable difference between two versions of a workflow ("draft" may be either side). */
export async function diffWorkflowVersions(workflowId: string, from: TDiffSide, to: TDiffSide) {
  const wf = await db.workflow.findUnique({ where: { id: workflowId }, select: { id: true } });
  if (!wf) throw new AppError({ code: "NOT_FOUND", message: "No such workflow" });
  const [a, b] = await Promise.all([
    sideDefinition(workflowId, from),
    sideDefinition(workflowId, to),
  ]);
  if (!a) throw new AppError({ code: "NOT_FOUND", message: `No version ${String(from)}` });
  if (!b) throw new AppError({ code: "NOT_FOUND", message: `No version ${String(to)}` });
  return { from: a.label, to: b.label, changes: diffDefinitions(a.definition, b.definition) };
}
