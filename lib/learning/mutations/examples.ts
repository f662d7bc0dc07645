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

export type TExampleOrigin = "DECISION" | "IMPORT" | "API";

export type TNewExample = {
  snapshot: TFeatureSnapshot;
  label: string;
  exceptionId?: string | null;
  handoffId?: string | null;
  eventId?: string | null;
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
  const row = await tx.classifierExample.create({
    data: {
      workflowId,
      text: asJson(example.snapshot.text),
      fields: asJson(example.snapshot.fields),
      label: example.label,
      origin: "DECISION",
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
      origin: "DECISION",
      exceptionId: example.exceptionId ?? null,
      handoffId: example.handoffId ?? null,
    },
  });
  return row.id;
}

/** A row that failed validation: its line (1 = the first data row's line in the file) and field. */
export type TRowError = { line: number; field: string; message: string };

/**
 * Imports labelled history (CSV upload or API). Every row is checked first
 * (label in the taxonomy, some text); with any bad row nothing is imported
 * and the 400 lists each bad row by line and field, unless `skipInvalid` asks
 * to import the good rows and report the rest. One audit entry per import.
 */
export async function importExamples(
  actor: TActor,
  workflowId: string,
  rows: { line: number; snapshot: TFeatureSnapshot; label: string }[],
  opts: { origin: Exclude<TExampleOrigin, "DECISION">; skipInvalid?: boolean; ctx?: TRequestCtx },
): Promise<{ imported: number; skipped: TRowError[] }> {
  assertCan(actor, "workflows:edit", "import classifier examples");
  return db.$transaction(async (tx) => {
    const w = await tx.workflow.findUnique({ where: { id: workflowId }, select: workflowSelect });
    if (!w) throw new AppError({ code: "NOT_FOUND", message: "Workflow not found" });
    const config = classifierConfigOf(w);
    if (!config)
      throw new AppError({
        code: "UNPROCESSABLE",
        message: "This workflow has no classifier: add one to the draft first.",
      });
    const labels = knownLabels(w);
    const errors: TRowError[] = [];
    const good: typeof rows = [];
    for (const r of rows) {
      const before = errors.length;
      if (!r.label.trim()) errors.push({ line: r.line, field: "label", message: "Required" });
      else if (!labels.has(r.label))
        errors.push({
          line: r.line,
          field: "label",
          message: `"${r.label.slice(0, 80)}" is not one of the workflow's labels`,
        });
      const hasText = Object.values(r.snapshot.text).some((t) => t.trim() !== "");
      if (!hasText)
        errors.push({
          line: r.line,
          field: config.textFields.join("|"),
          message: "At least one text field must have text",
        });
      if (errors.length === before) good.push(r);
    }
    if (errors.length > 0 && !opts.skipInvalid)
      throw new AppError({
        code: "VALIDATION_FAILED",
        message: `${errors.length} problem(s) in ${new Set(errors.map((e) => e.line)).size} row(s); nothing was imported.`,
        details: { rows: errors.slice(0, 500) },
      });
    const a = auditActor(actor);
    if (good.length > 0)
      await tx.classifierExample.createMany({
        data: good.map((r) => ({
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
  });
}

/** Excludes an example (a wrong label) from training, or includes it again; audited with the reason. */
export async function setExampleExcluded(
  actor: TActor,
  id: string,
  input: { excluded: boolean; reason?: string | null },
  ctx?: TRequestCtx,
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
    if (!x) throw new AppError({ code: "NOT_FOUND", message: "Example not found" });
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
