import "server-only";
import { changedFields, recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { assertCan } from "@/lib/server/auth/permissions";
import { db } from "@/lib/server/db";
import { AppError, fieldErrorsFromIssues } from "@/lib/server/errors";
import { asJson } from "@/lib/server/json";
import { ZFormConfig, parseFormConfig, type TFormConfig } from "./config";
import { forgetFormConfig } from "./data";

import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Replaces a source's website-form settings (admin only, checked here too).
 * Validated with ZFormConfig (an enabled form must list its origins).
 * Audited as `source.form_updated` with only the settings that changed;
 * nothing changed: no write, no entry. Answers the names that changed.
 */
export async function updateFormConfig(
  actor: TActor,
  sourceId: string,
  input: unknown,
  ctx: TRequestCtx = {},
): Promise<{ config: TFormConfig; changed: string[] }> {
  assertCan(actor, "sources:edit", "change sources");
  const parsed = ZFormConfig.safeParse(input);
  if (!parsed.success) {
    const errors = fieldErrorsFromIssues(parsed.error.issues);
    const [field, msgs] = Object.entries(errors)[0];
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: `Invalid form settings: ${field}: ${msgs[0]}`,
      details: { errors },
    });
  }
  const config = parsed.data;
  const changed = await db.$transaction(async (tx) => {
    const row = await tx.source.findUnique({
      where: { id: sourceId },
      select: { formConfig: true },
    });
    if (!row) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
    const before = row.formConfig === null ? null : parseFormConfig(row.formConfig);
    const diff = changedFields<Record<string, unknown>>(before ?? {}, config);
    if (before && !diff.changed) return [];
    await tx.source.update({ where: { id: sourceId }, data: { formConfig: asJson(config) } });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "source.form_updated",
      entityType: "source",
      entityId: sourceId,
      before: diff.before,
      after: diff.after,
      ...ctx,
    });
    return Object.keys(diff.after);
  });
  forgetFormConfig(sourceId);
  return { config, changed };
}
