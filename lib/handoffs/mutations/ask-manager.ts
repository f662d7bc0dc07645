import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import type { TActor } from "@/lib/server/auth/actor";
import { AppError } from "@/lib/server/errors";
import type { TAskManagerInput } from "../schema";
import { openHandoffException } from "./open-handoff-exception";
import { auditHandoff, claimHandoff, runHandoffAction } from "./run-handoff-action";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Asks the team's manager about a handoff the agent keeps (its state does not
 * change): an APPROVAL_REQUIRED exception whose suggestion is the current
 * owner. The manager approves (the agent carries on), reassigns (the handoff
 * moves to someone else) or closes it with an answer. One open question per
 * handoff.
 */
export async function askManager(
  actor: TActor,
  handoffId: string,
  input: TAskManagerInput,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "handoffs:act", "act on handoffs");
  let exceptionId = "";
  const state = await runHandoffAction(
    actor,
    handoffId,
    input.version,
    ["PENDING", "ACCEPTED"],
    async (tx, h) => {
      const open = await tx.exception.count({
        where: {
          handoffId: h.id,
          reason: "APPROVAL_REQUIRED",
          status: { in: ["OPEN", "ESCALATED"] },
        },
      });
      if (open > 0) {
        throw new AppError({
          code: "UNPROCESSABLE",
          message: "A question about this handoff is already waiting for the manager.",
        });
      }
      // The version moves too, so an answer can never race a stale view of the handoff.
      await claimHandoff(tx, h, {});
      exceptionId = await openHandoffException(tx, actor, ctx, h, {
        reason: "APPROVAL_REQUIRED",
        titlePrefix: "Manager input",
        detail: `${actor.name} asks: ${input.note}`,
        context: {
          kind: "ask_manager",
          askedBy: { id: actor.id, name: actor.name },
          question: input.note,
        },
        suggestion: {
          ownerId: h.ownerId,
          ownerName: h.owner?.name ?? null,
          teamId: h.teamId,
          ruleId: h.ruleId,
        },
        allowedActions: ["approve", "reassign", "close"],
      });
      await auditHandoff(tx, actor, ctx, {
        id: h.id,
        action: "handoff.manager_asked",
        after: { exceptionId },
        reason: input.note,
      });
    },
  );
  return { handoff: state, exceptionId };
}
