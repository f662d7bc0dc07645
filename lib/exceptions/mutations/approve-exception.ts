import "server-only";
import { assertMayOperate } from "../policy";
import { readField } from "@/lib/rules/field-path";
import { createHandoffInTx } from "@/lib/engine/store/create-handoff";
import { planEventOntoRecordInTx } from "@/lib/engine/store/plan-onto-record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import type { Exception } from "@/lib/server/generated/sqlite/client";
import { asJson } from "@/lib/server/json";
import { recordAudit } from "@/lib/server/audit/record";
import { setPath } from "../json-patch";
import { sendDraftInTx } from "./send-draft";
import { assertEligible } from "../owners";
import type { TApproveInput } from "../schema";
import {
  auditException,
  claimException,
  resolvedBy,
  type TActionOutcome,
  type TLoaded,
} from "./run-action";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Approves an exception. What that means depends on why it opened:
 * - approval required / low confidence: hand off to the suggested owner
 *   (who must still be able to take work);
 * - suspected duplicate: confirm it — the event is stitched onto the
 *   existing record and decided again (resolution MERGED);
 * - source mismatch: the event's values win — the record takes them, then
 *   the event is decided again;
 * - a manager question about an open handoff: the answer is "go ahead".
 *
 * Runs inside the caller's transaction, on an exception loadForAction
 * checked and locked: actOnException (one action) and runBulk (many).
 */
export async function approveInTx(
  tx: TTx,
  actor: TActor,
  { x, kind, effects }: TLoaded,
  input: Pick<TApproveInput, "note" | "draft">,
  ctx: TRequestCtx,
): Promise<TActionOutcome["effects"]> {
  assertMayOperate(actor, "approve");
  const note = input.note ?? null;
  if (kind === "send_draft") return sendDraftInTx(tx, actor, { x, kind, effects }, input, ctx);
  if (kind === "create_handoff") {
    const ownerId = String((x.suggestion as { ownerId?: unknown }).ownerId);
    await assertEligible(tx, ownerId, new Date());
    // createHandoffInTx writes the exception.approved and handoff.created entries.
    const h = await createHandoffInTx(tx, {
      exception: x,
      actor: auditActor(actor),
      resolution: "APPROVED",
      note,
    });
    return { ...effects, handoffId: h.handoffId };
  }
  const resolution = kind === "merge" ? "MERGED" : "APPROVED";
  await claimException(tx, x, resolvedBy(actor, resolution, note));
  if (kind === "answer") {
    await auditException(tx, actor, ctx, {
      id: x.id,
      action: "exception.approved",
      before: { status: x.status },
      after: { status: "RESOLVED", resolution, handoffId: x.handoffId },
      reason: note,
    });
    return effects;
  }
  if (kind === "accept_event_values") await acceptEventValues(tx, actor, ctx, x);
  const out = await planEventOntoRecordInTx(tx, {
    eventId: x.eventId!,
    recordId: x.recordId!,
  });
  await auditException(tx, actor, ctx, {
    id: x.id,
    action: "exception.approved",
    before: { status: x.status },
    after: { status: "RESOLVED", resolution, recordId: x.recordId, ...out },
    reason: note,
  });
  return { ...effects, handoffId: out.handoffIds[0] ?? null, exceptionIds: out.exceptionIds };
}

const COLUMNS = ["email", "name", "company", "phone"] as const;
type TSourceCheck = { field: string; event: unknown; matches: boolean };

/**
 * Source mismatch approved: the record takes the event's value for every
 * field the source-of-truth check found different (a column, or a path in
 * its attributes), audited as a record change.
 */
async function acceptEventValues(tx: TTx, actor: TActor, ctx: TRequestCtx, x: Exception) {
  const event = await tx.event.findUniqueOrThrow({
    where: { id: x.eventId! },
    select: { decision: true },
  });
  const trace = (event.decision ?? readField(x.context, "decision")) as {
    sourceOfTruth?: TSourceCheck[] | null;
  } | null;
  const mismatches = (trace?.sourceOfTruth ?? []).filter((c) => !c.matches);
  if (mismatches.length === 0) return;
  const r = await tx.record.findUniqueOrThrow({ where: { id: x.recordId! } });
  const attributes = JSON.parse(JSON.stringify(r.attributes ?? {})) as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  for (const m of mismatches) {
    if ((COLUMNS as readonly string[]).includes(m.field)) {
      before[m.field] = r[m.field as (typeof COLUMNS)[number]];
      data[m.field] = m.event === null ? null : String(m.event);
    } else {
      before[m.field] = readField(attributes, m.field);
      setPath(attributes, m.field, m.event);
    }
  }
  await tx.record.update({
    where: { id: r.id },
    data: { ...data, attributes: asJson(attributes) },
  });
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: "record.updated",
    entityType: "record",
    entityId: r.id,
    before,
    after: Object.fromEntries(mismatches.map((m) => [m.field, m.event])),
    reason: `Accepted the event's values (source mismatch, exception ${x.id})`,
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  });
}
