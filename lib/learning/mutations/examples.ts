import "server-only";
import { AppError } from "@/lib/server/errors";
import { assertCan } from "@/lib/server/auth/permissions";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { recordAudit, type TAuditActor } from "@/lib/server/audit/record";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { asJson } from "@/lib/server/json";
import type { TRequestCtx } from "@/lib/server/request-context";
import { classifierConfigOf, knownLabels } from "../config-of";
import type { TFeatureSnapshot } from "../features";
import { checkImportRows, type TImportRecord, type TRowError } from "../import-rows";
import type { TClassification } from "../classify";
import type { TClassifierConfig } from "@/lib/workflow-definition/schema";
import { noteLaterLabelInTx } from "./live-precision";

export type TExampleOrigin = "DECISION" | "IMPORT" | "API" | "SPOT_CHECK";

export type TNewExample = {
  snapshot: TFeatureSnapshot;
  label: string;
  exceptionId?: string | null;
  handoffId?: string | null;
  eventId?: string | null;
  /** DECISION (default) or SPOT_CHECK: a reviewer's verdict on an automatic decision. */
  origin?: "DECISION" | "SPOT_CHECK";
};

const workflowSelect = {
  id: true,
  draft: true,
  publishedVersion: { select: { definition: true } },
} as const;

/**
 * A person's decision as a labelled example, inside the decision's own
 * transaction (the example and the decision commit together). Quietly does
 * nothing when the workflow has no classifier or the label is not in its
 * taxonomy (a reassignment outside the label routes names no label).
 */
export async function recordDecisionExampleInTx(
  tx: TTx,
  actor: TAuditActor,
  workflowId: string,
  example: TNewExample,
): Promise<string | null> {
  const w = await tx.workflow.findUnique({ where: { id: workflowId }, select: workflowSelect });
  if (!w || !classifierConfigOf(w) || !knownLabels(w).has(example.label)) return null;
  // One live example per case: the same label again adds nothing; a later
  // decision with another label (a correction) supersedes the earlier one.
  if (example.eventId) {
    const earlier = await tx.classifierExample.findMany({
      where: {
        workflowId,
        eventId: example.eventId,
        origin: { in: ["DECISION", "SPOT_CHECK"] },
        excluded: false,
      },
      select: { id: true, label: true },
    });
    const same = earlier.find((e) => e.label === example.label);
    if (same) return same.id;
    for (const e of earlier) {
      await tx.classifierExample.update({
        where: { id: e.id },
        data: {
          excluded: true,
          excludedById: actor.type === "USER" ? actor.id : null,
          excludedReason: `Superseded: a later decision labelled the case "${example.label}"`,
          excludedAt: new Date(),
        },
      });
      await recordAudit(tx, {
        actor,
        action: "classifier_example.excluded",
        entityType: "classifier_example",
        entityId: e.id,
        before: { excluded: false, label: e.label },
        after: { excluded: true },
        reason: `Superseded by a later decision (${example.label})`,
      });
    }
  }
  const row = await tx.classifierExample.create({
    data: {
      workflowId,
      text: asJson(example.snapshot.text),
      fields: asJson(example.snapshot.fields),
      label: example.label,
      origin: example.origin ?? "DECISION",
      actorId: actor.type === "USER" ? actor.id : null,
      actorLabel: actor.label,
      exceptionId: example.exceptionId ?? null,
      handoffId: example.handoffId ?? null,
      eventId: example.eventId ?? null,
    },
    select: { id: true },
  });
  await recordAudit(tx, {
    actor,
    action: "classifier_example.recorded",
    entityType: "classifier_example",
    entityId: row.id,
    after: {
      workflowId,
      label: example.label,
      origin: example.origin ?? "DECISION",
      exceptionId: example.exceptionId ?? null,
      handoffId: example.handoffId ?? null,
    },
  });
  // A person's label on a case the model decided alone counts toward live precision.
  if (example.eventId && (example.origin ?? "DECISION") === "DECISION")
    await noteLaterLabelInTx(tx, actor, workflowId, example.eventId, example.label, row.id);
  return row.id;
}

/**
 * Imports labelled history (CSV upload or API). Every row is checked first
 * (lib/learning/import-rows.ts); with any bad row nothing is imported and the
 * 400 lists each bad row by line and field, unless `skipInvalid` asks to
 * import the good rows and report the rest. One audit entry per import.
 */
export async function importExamples(
  actor: TActor,
  workflowId: string,
  records: TImportRecord[],
  opts: { origin: Exclude<TExampleOrigin, "DECISION">; skipInvalid?: boolean; ctx?: TRequestCtx },
): Promise<{ imported: number; skipped: TRowError[] }> {
  assertCan(actor, "workflows:edit", "import classifier examples");
  if (records.length > MAX_IMPORT_ROWS)
    throw new AppError({
      code: "PAYLOAD_TOO_LARGE",
      message: `At most ${MAX_IMPORT_ROWS} rows per import (got ${records.length}); split the file.`,
    });
  return db.$transaction(
    async (tx) => {
      const w = await tx.workflow.findUnique({ where: { id: workflowId }, select: workflowSelect });
      if (!w) throw new AppError({ code: "NOT_FOUND", message: "Workflow not found" });
      const config = classifierConfigOf(w);
      if (!config)
        throw new AppError({
          code: "UNPROCESSABLE",
          message: "This workflow has no classifier: add one to the draft first.",
        });
      const { rows: good, errors } = checkImportRows(config, knownLabels(w), records);
      if (records.length === 0)
        throw new AppError({ code: "VALIDATION_FAILED", message: "No rows to import." });
      if (errors.length > 0 && !opts.skipInvalid)
        throw new AppError({
          code: "VALIDATION_FAILED",
          message: `${errors.length} problem(s) in ${new Set(errors.map((e) => e.line)).size} row(s); nothing was imported.`,
          details: { rows: errors.slice(0, 500) },
        });
      const a = auditActor(actor);
      for (let i = 0; i < good.length; i += 1000)
        await tx.classifierExample.createMany({
          data: good.slice(i, i + 1000).map((r) => ({
            workflowId,
            text: asJson(r.snapshot.text),
            fields: asJson(r.snapshot.fields),
            label: r.label,
            origin: opts.origin,
            actorId: a.id,
            actorLabel: a.label,
          })),
        });
      await recordAudit(tx, {
        actor: a,
        action: "classifier_examples.imported",
        entityType: "workflow",
        entityId: workflowId,
        after: { imported: good.length, skipped: errors.length, origin: opts.origin },
        requestId: opts.ctx?.requestId ?? null,
        ip: opts.ctx?.ip ?? null,
      });
      return { imported: good.length, skipped: errors };
    },
    { timeout: 60_000, maxWait: 15_000 },
  );
}

/** Rows one import may carry (a CLINC150-sized history fits). */
export const MAX_IMPORT_ROWS = 50_000;

/** Excludes an example (a wrong label) from training, or includes it again; audited with the reason. */
export async function setExampleExcluded(
  actor: TActor,
  id: string,
  input: { excluded: boolean; reason?: string | null },
  ctx?: TRequestCtx,
  workflowId?: string,
) {
  assertCan(actor, "workflows:edit", "exclude classifier examples");
  const reason = input.reason?.trim() || null;
  if (input.excluded && !reason)
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: "Say why the example is excluded",
      details: { fields: { reason: ["Required"] } },
    });
  return db.$transaction(async (tx) => {
    const x = await tx.classifierExample.findUnique({ where: { id } });
    if (!x || (workflowId && x.workflowId !== workflowId))
      throw new AppError({ code: "NOT_FOUND", message: "Example not found" });
    if (x.excluded === input.excluded) return x;
    const updated = await tx.classifierExample.update({
      where: { id },
      data: input.excluded
        ? { excluded: true, excludedById: actor.id, excludedReason: reason, excludedAt: new Date() }
        : { excluded: false, excludedById: null, excludedReason: null, excludedAt: null },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: input.excluded ? "classifier_example.excluded" : "classifier_example.included",
      entityType: "classifier_example",
      entityId: id,
      before: { excluded: x.excluded, label: x.label },
      after: { excluded: input.excluded },
      reason,
      requestId: ctx?.requestId ?? null,
      ip: ctx?.ip ?? null,
    });
    return updated;
  });
}

/** The classifier's part of a stored decision trace (event, handoff or exception context). */
function classificationIn(trace: unknown): TClassification | null {
  const c = (trace as { classifier?: TClassification | null } | null)?.classifier;
  return c && typeof c === "object" && c.features ? c : null;
}

/** The one label whose route names this person or team, if exactly one does. */
function labelRoutedTo(
  config: TClassifierConfig,
  target: { ownerId?: string | null; teamId?: string | null },
): string | null {
  const hits = Object.entries(config.routes).filter(
    ([, r]) =>
      (r.userId && r.userId === target.ownerId) || (r.teamId && r.teamId === target.teamId),
  );
  return hits.length === 1 ? hits[0][0] : null;
}

/**
 * A person decided an exception that carries the classifier's verdict: store
 * the example with the label they chose. `label` is what they said (confirm
 * or "correct to"); without it, approving confirms the suggested label, and
 * reassigning names the label whose route leads to the new owner or team (a
 * reassignment no label routes to teaches nothing and stores nothing). A
 * named label outside the taxonomy is refused (422).
 */
export async function recordExceptionDecisionInTx(
  tx: TTx,
  actor: TAuditActor,
  x: { id: string; workflowId: string | null; eventId: string | null; context: unknown },
  decision: {
    kind: "approve" | "reassign";
    label?: string | null;
    ownerId?: string | null;
    teamId?: string | null;
  },
): Promise<string | null> {
  const c = classificationIn((x.context as { decision?: unknown } | null)?.decision);
  if (!c || !x.workflowId) return null;
  const w = await tx.workflow.findUnique({ where: { id: x.workflowId }, select: workflowSelect });
  const config = w ? classifierConfigOf(w) : null;
  if (!w || !config) return null;
  if (decision.label && !knownLabels(w).has(decision.label))
    throw new AppError({
      code: "UNPROCESSABLE",
      message: `"${decision.label}" is not one of the workflow's labels`,
      details: { fields: { label: ["Not one of the workflow's labels"] } },
    });
  const label =
    decision.label ?? (decision.kind === "approve" ? c.label : labelRoutedTo(config, decision));
  if (!label) return null;
  return recordDecisionExampleInTx(tx, actor, x.workflowId, {
    snapshot: c.features,
    label,
    exceptionId: x.id,
    eventId: x.eventId,
  });
}

/**
 * The owner accepted a handoff the classifier routed: the label is confirmed
 * by the person who does the work. Once per handoff (accepting happens once).
 */
export async function recordHandoffAcceptedInTx(
  tx: TTx,
  actor: TAuditActor,
  handoffId: string,
): Promise<string | null> {
  const h = await tx.handoff.findUnique({
    where: { id: handoffId },
    select: { decision: true, eventId: true, workflowVersion: { select: { workflowId: true } } },
  });
  const c = classificationIn(h?.decision);
  if (!h || !c?.label || !h.workflowVersion) return null;
  return recordDecisionExampleInTx(tx, actor, h.workflowVersion.workflowId, {
    snapshot: c.features,
    label: c.label,
    handoffId,
    eventId: h.eventId,
  });
}
