import "server-only";
import { assertMayOperate } from "../policy";
import type { TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import type { TRejectInput } from "../schema";
import {
  auditException,
  claimException,
  resolvedBy,
  type TActionOutcome,
  type TLoaded,
} from "./run-action";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Rejects an exception: nothing is handed off, the reason is kept as the
 * resolution note. The event keeps its EXCEPTION status: it ended as
 * "rejected by a person", which the resolved exception records.
 *
 * Runs inside the caller's transaction, on an exception loadForAction
 * checked and locked: actOnException (one action) and runBulk (many).
 */
export async function rejectInTx(
  tx: TTx,
  actor: TActor,
  { x, effects }: TLoaded,
  input: Pick<TRejectInput, "reason">,
  ctx: TRequestCtx,
): Promise<TActionOutcome["effects"]> {
  assertMayOperate(actor, "reject");
  await claimException(tx, x, resolvedBy(actor, "REJECTED", input.reason));
  await auditException(tx, actor, ctx, {
    id: x.id,
    action: "exception.rejected",
    before: { status: x.status },
    after: { status: "RESOLVED", resolution: "REJECTED" },
    reason: input.reason,
  });
  return effects;
}
