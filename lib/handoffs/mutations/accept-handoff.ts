import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { recordHandoffAcceptedInTx } from "@/lib/learning/mutations/examples";
import type { TAcceptInput } from "../schema";
import { auditHandoff, claimHandoff, runHandoffAction } from "./run-handoff-action";
import type { TRequestCtx } from "@/lib/server/request-context";

/** Accepts a pending handoff: the owner has it now, and the SLA timer stands down. */
export async function acceptHandoff(
  actor: TActor,
  handoffId: string,
  input: TAcceptInput,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "handoffs:act", "act on handoffs");
  return runHandoffAction(actor, handoffId, input.version, ["PENDING"], async (tx, h) => {
    const acceptedAt = new Date();
    await claimHandoff(tx, h, { state: "ACCEPTED", acceptedAt });
    await auditHandoff(tx, actor, ctx, {
      id: h.id,
      action: "handoff.accepted",
      before: { state: h.state },
      after: { state: "ACCEPTED", acceptedAt },
      reason: input.note ?? null,
    });
    // Accepting work the classifier routed confirms its label.
    await recordHandoffAcceptedInTx(tx, auditActor(actor), h.id);
  });
}
