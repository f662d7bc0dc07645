import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import type { TAcceptInput } from "../schema";
import {
  auditHandoff,
  claimHandoff,
  runHandoffAction,
  type THandoffCtx,
} from "./run-handoff-action";

/** Accepts a pending handoff: the owner has it now, and the SLA timer stands down. */
export async function acceptHandoff(
  actor: TActor,
  handoffId: string,
  input: TAcceptInput,
  ctx: THandoffCtx = {},
) {
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
  });
}
