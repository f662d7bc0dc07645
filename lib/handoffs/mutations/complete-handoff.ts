import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import type { TActor } from "@/lib/server/auth/actor";
import { AppError } from "@/lib/server/errors";
import { outcomesOf } from "../data";
import type { TCompleteInput } from "../schema";
import { auditHandoff, claimHandoff, runHandoffAction } from "./run-handoff-action";
import { startNextStageInTx } from "./start-next-stage";
import type { TRequestCtx } from "@/lib/server/request-context";

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
  return runHandoffAction(
    actor,
    handoffId,
    input.version,
    ["PENDING", "ACCEPTED"],
    async (tx, h) => {
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
      await auditHandoff(tx, actor, ctx, {
        id: h.id,
        action: "handoff.completed",
        before: { state: h.state },
        after: {
          state: "COMPLETED",
          outcome: input.outcome,
          ...(next ? { nextStage: { workflow: next.workflowName, eventId: next.eventId } } : {}),
        },
        reason: input.note ?? null,
      });
    },
  );
}
