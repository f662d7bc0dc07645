import "server-only";
import { recordAudit, type TAuditActor } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { assertCan } from "@/lib/server/auth/permissions";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import type { TRequestCtx } from "@/lib/server/request-context";
import { outcomesOf } from "../data";
import type { TCompleteInput } from "../schema";
import { claimHandoff, runHandoffAction, type TLoadedHandoff } from "./run-handoff-action";
import { startNextStageInTx, type TNextStageStarted } from "./start-next-stage";

/**
 * Records the outcome of a handoff (pending or accepted → completed). The
 * outcome must be one the workflow version lists (422 otherwise, naming them).
 * An outcome the version chains to another workflow starts that stage in the
 * same transaction (start-next-stage.ts).
 */
export async function completeHandoff(
  actor: TActor,
  handoffId: string,
  input: TCompleteInput,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "handoffs:act", "act on handoffs");
  return runHandoffAction(actor, handoffId, input.version, ["PENDING", "ACCEPTED"], (tx, h) =>
    completeInTx(tx, h, input, auditActor(actor), ctx).then(() => undefined),
  );
}

/**
 * The completion itself, for a person (completeHandoff) or a destination's
 * signed outcome callback (outcome-callback.ts): checks the outcome, writes
 * it at the version read, starts the next stage if one is chained, audits.
 */
export async function completeInTx(
  tx: TTx,
  h: TLoadedHandoff,
  input: { outcome: string; note?: string | null },
  who: TAuditActor,
  ctx: TRequestCtx,
): Promise<TNextStageStarted | null> {
  const outcomes = outcomesOf(h.workflowVersion?.definition);
  if (!outcomes.includes(input.outcome)) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: `"${input.outcome}" is not an outcome of this workflow. Choose one of: ${outcomes.join(", ")}.`,
      details: { outcomes },
    });
  }
  const now = new Date();
  await claimHandoff(tx, h, {
    state: "COMPLETED",
    completedAt: now,
    acceptedAt: h.acceptedAt ?? now,
    outcome: input.outcome,
    outcomeNote: input.note ?? null,
  });
  const next = await startNextStageInTx(tx, h, input.outcome);
  await recordAudit(tx, {
    actor: who,
    action: "handoff.completed",
    entityType: "handoff",
    entityId: h.id,
    before: { state: h.state },
    after: {
      state: "COMPLETED",
      outcome: input.outcome,
      ...(next ? { nextStage: { workflow: next.workflowName, eventId: next.eventId } } : {}),
    },
    reason: input.note ?? null,
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  });
  return next;
}
