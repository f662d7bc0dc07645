import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import { teamManagerId } from "../owners";
import type { TEscalateInput } from "../schema";
import {
  auditException,
  claimException,
  loadForAction,
  runExceptionAction,
  type TActionOutcome,
  type TLoaded,
  type TMutationCtx,
} from "./run-action";

/**
 * Escalates an exception to its team's manager (the first active one); with
 * no team or no manager the owner stays, and the ESCALATED status still
 * raises it in the queue.
 */
export async function escalateException(
  actor: TActor,
  exceptionId: string,
  input: TEscalateInput,
  ctx: TMutationCtx = {},
): Promise<TActionOutcome> {
  return runExceptionAction(actor, exceptionId, async (tx) => {
    const loaded = await loadForAction(tx, actor, exceptionId, input, input.version);
    return escalateInTx(tx, actor, loaded, input, ctx);
  });
}

/** The escalation inside a caller's transaction (single action or bulk). */
export async function escalateInTx(
  tx: TTx,
  actor: TActor,
  { x, effects }: TLoaded,
  input: Pick<TEscalateInput, "note">,
  ctx: TMutationCtx,
): Promise<TActionOutcome["effects"]> {
  const ownerId = (await teamManagerId(tx, x.teamId)) ?? x.ownerId;
  await claimException(tx, x, { status: "ESCALATED", ownerId });
  await auditException(tx, actor, ctx, {
    id: x.id,
    action: "exception.escalated",
    before: { status: x.status, ownerId: x.ownerId },
    after: { status: "ESCALATED", ownerId },
    reason: input.note ?? null,
  });
  return effects;
}
