import "server-only";
import { assertMayOperate } from "../policy";
import type { TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import { teamManagerId } from "../store/owners";
import type { TEscalateInput } from "../schema";
import { auditException, claimException, type TActionOutcome, type TLoaded } from "./run-action";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Escalates an exception to its team's manager (the first active one); with
 * no team or no manager the owner stays, and the ESCALATED status still
 * raises it in the queue.
 *
 * Runs inside the caller's transaction, on an exception loadForAction
 * checked and locked: actOnException (one action) and runBulk (many).
 */
export async function escalateInTx(
  tx: TTx,
  actor: TActor,
  { x, effects }: TLoaded,
  input: Pick<TEscalateInput, "note">,
  ctx: TRequestCtx,
): Promise<TActionOutcome["effects"]> {
  assertMayOperate(actor, "escalate");
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
