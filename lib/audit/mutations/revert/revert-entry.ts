import "server-only";
import type { TRequestCtx } from "@/lib/server/request-context";
import { revertReason } from "@/lib/audit/data";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { assertCan } from "@/lib/server/auth/permissions";
import { formatValue } from "../../diff";
import { sameJson } from "./json";
import { revertability } from "./registry";

/**
 * Reverts a configuration change recorded in the audit log: puts back the
 * entry's `before` values, provided the entity still holds its `after` values
 * (otherwise 409 CONFLICT naming each field that changed since, with its value
 * now). The revert goes through the entity's ordinary checks and writes its own
 * `<entityType>.reverted` entry, reason "Revert of audit entry <id>", in the
 * same transaction. Non-configuration entries are refused (422).
 */
export async function revertAuditEntry(actor: TActor, entryId: string, ctx: TRequestCtx = {}) {
  // Checked here too, so a caller that forgot the route's check still cannot revert.
  assertCan(actor, "audit:revert", "revert changes");
  const entry = await db.auditEntry.findUnique({ where: { id: entryId } });
  if (!entry) throw new AppError({ code: "NOT_FOUND", message: "No such audit entry" });
  const check = revertability(entry);
  if (!check.ok) throw new AppError({ code: "UNPROCESSABLE", message: check.reason });
  const { handler } = check;
  const entityId = entry.entityId!;
  const before = entry.before as Record<string, unknown>;
  const after = entry.after as Record<string, unknown>;
  const reason = revertReason(entry.id);

  const { afterCommit, revertEntryId } = await db.$transaction(async (tx) => {
    const current = await handler.read(tx, entityId);
    if (!current) {
      throw new AppError({
        code: "NOT_FOUND",
        message: `The ${entry.entityType} no longer exists`,
      });
    }
    const changed = Object.keys(after)
      .filter((f) => !sameJson(current[f], after[f]))
      .map((f) => ({ field: f, expected: after[f] ?? null, current: current[f] ?? null }));
    if (changed.length > 0) {
      throw new AppError({
        code: "CONFLICT",
        message: `Changed since this entry: ${changed
          .map((c) => `${c.field} is now ${formatValue(c.current, 40)}`)
          .join("; ")}`,
        details: { changed },
      });
    }
    // A field the entry added (absent before) goes back to null.
    const values = Object.fromEntries(Object.keys(after).map((f) => [f, before[f] ?? null]));
    const afterCommit = await handler.apply(
      {
        tx,
        actor,
        entityId,
        audit: {
          action: `${entry.entityType}.reverted`,
          reason,
          requestId: ctx.requestId,
          ip: ctx.ip,
        },
      },
      values,
    );
    const written = await tx.auditEntry.findFirst({
      where: { entityType: entry.entityType, entityId, reason },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    return { afterCommit, revertEntryId: written?.id ?? null };
  });
  afterCommit?.();
  return {
    reverted: entry.id,
    entityType: entry.entityType,
    entityId,
    auditEntryId: revertEntryId,
  };
}
