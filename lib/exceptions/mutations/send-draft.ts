import "server-only";
import { draftOf, textToHtml, type TEmailDraft } from "@/lib/destinations/email/draft";
import type { TDeliveryPayload } from "@/lib/destinations/types";
import type { TActor } from "@/lib/server/auth/actor";
import { assertCan } from "@/lib/server/auth/permissions";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import { enqueueJobs } from "@/lib/server/jobs";
import { asJson } from "@/lib/server/json";
import type { TRequestCtx } from "@/lib/server/request-context";
import { failedDeliveryKey } from "../effects";
import type { TDraftEdit } from "../schema";
import {
  auditException,
  claimException,
  resolvedBy,
  type TActionOutcome,
  type TLoaded,
} from "./run-action";

type TDraftContext = {
  draft?: unknown;
  original?: unknown;
  destinationKey?: string;
  action?: { id?: string; name?: string };
};

/** The draft with the reviewer's edits; the HTML follows an edited text (escaped, as paragraphs). */
export function applyDraftEdit(draft: TEmailDraft, edit: TDraftEdit | undefined): TEmailDraft {
  if (!edit) return draft;
  const textChanged = edit.text !== draft.text.trim();
  return {
    to: draft.to,
    subject: edit.subject,
    text: textChanged ? edit.text : draft.text,
    html: textChanged || !draft.html ? textToHtml(edit.text) : draft.html,
  };
}

/**
 * Approves a held email (DRAFT_REVIEW): the exception resolves as APPROVED
 * with both versions kept (the rendered draft and what the reviewer sent, in
 * its context and in the audit entry), and one delivery job sends the
 * reviewed message under the action's idempotency key, through the same
 * retries, circuit breaker and dead letter as any delivery. Managers and
 * admins only ("drafts:review").
 */
export async function sendDraftInTx(
  tx: TTx,
  actor: TActor,
  { x, effects }: TLoaded,
  input: { note?: string | null; draft?: TDraftEdit },
  ctx: TRequestCtx,
): Promise<TActionOutcome["effects"]> {
  assertCan(actor, "drafts:review", "send a held email");
  const c = (x.context ?? {}) as TDraftContext;
  const held = draftOf(c.draft);
  const key = failedDeliveryKey(x.context);
  if (!held || !key || !x.eventId || !x.handoffId || !c.destinationKey || !c.action?.id) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: "The held message cannot be rebuilt: its draft or action is not recorded.",
    });
  }
  const pending = await tx.job.findMany({
    where: { eventId: x.eventId, kind: "delivery.send", status: { in: ["QUEUED", "RUNNING"] } },
    select: { payload: true },
  });
  if (pending.some((j) => (j.payload as { idempotencyKey?: unknown }).idempotencyKey === key)) {
    throw new AppError({ code: "UNPROCESSABLE", message: "This message is already being sent." });
  }
  const sent = applyDraftEdit(held, input.draft);
  const edited = sent.subject !== held.subject || sent.text !== held.text;
  await claimException(tx, x, {
    ...resolvedBy(actor, "APPROVED", input.note),
    context: asJson({ ...c, draft: sent, original: c.original ?? held, edited }),
  });
  const payload: TDeliveryPayload = {
    eventId: x.eventId,
    handoffId: x.handoffId,
    workflowId: x.workflowId ?? undefined,
    actionId: c.action.id,
    actionName: c.action.name,
    destinationKey: c.destinationKey,
    idempotencyKey: key,
    approvedDraft: { exceptionId: x.id, ...sent },
  };
  await enqueueJobs(tx, [{ kind: "delivery.send", eventId: x.eventId, maxAttempts: 100, payload }]);
  // ROUTED again, so the delivery's success can complete the event.
  await tx.event.updateMany({
    where: { id: x.eventId, status: "EXCEPTION" },
    data: { status: "ROUTED" },
  });
  await auditException(tx, actor, ctx, {
    id: x.id,
    action: "exception.approved",
    before: { status: x.status, draft: held },
    after: { status: "RESOLVED", resolution: "APPROVED", draft: sent, edited },
    reason: input.note ?? null,
  });
  return effects;
}
