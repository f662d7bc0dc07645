import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import type { TActor } from "@/lib/server/auth/actor";
import type { THandBackInput } from "../schema";
import { openHandoffException } from "./open-handoff-exception";
import { auditHandoff, claimHandoff, runHandoffAction } from "./run-handoff-action";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Hands a handoff back with a reason (pending or accepted → HANDED_BACK).
 * The work must not fall on the floor, so it opens a HANDED_BACK exception
 * ("Handed back: …", with the agent's reason) for the team's manager, who routes it again by
 * hand (reassign makes a new handoff for the same event; the handed-back one
 * no longer counts as active, so that is not a duplicate).
 */
export async function handBackHandoff(
  actor: TActor,
  handoffId: string,
  input: THandBackInput,
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
      await claimHandoff(tx, h, { state: "HANDED_BACK" });
      exceptionId = await openHandoffException(tx, actor, ctx, h, {
        reason: "HANDED_BACK",
        titlePrefix: "Handed back",
        detail: `${actor.name} handed it back: ${input.reason}`,
        // The decision travels along, so relabelling the case in the queue
        // teaches the classifier (and counts against an automatic decision).
        context: {
          handedBackBy: { id: actor.id, name: actor.name },
          reason: input.reason,
          decision: h.decision ?? null,
        },
      });
      await auditHandoff(tx, actor, ctx, {
        id: h.id,
        action: "handoff.handed_back",
        before: { state: h.state, ownerId: h.ownerId },
        after: { state: "HANDED_BACK", exceptionId },
        reason: input.reason,
      });
    },
  );
  return { handoff: state, exceptionId };
}
