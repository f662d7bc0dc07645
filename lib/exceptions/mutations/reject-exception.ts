import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import type { TRejectInput } from "../schema";
import {
  auditException,
  claimException,
  loadForAction,
  resolvedBy,
  runExceptionAction,
  type TActionOutcome,
  type TLoaded,
  type TMutationCtx,
} from "./run-action";

/**
 * Rejects an exception: nothing is handed off, the reason is kept as the
 * resolution note. The event keeps its EXCEPTION status: it ended as
 * "rejected by a person", which the resolved exception records.
 */
export async function rejectException(
  actor: TActor,
  exceptionId: string,
  input: TRejectInput,
  ctx: TMutationCtx = {},
): Promise<TActionOutcome> {
  return runExceptionAction(actor, exceptionId, async (tx) => {
    const loaded = await loadForAction(tx, actor, exceptionId, input, input.version);
    return rejectInTx(tx, actor, loaded, input, ctx);
  });
}

/** The rejection inside a caller's transaction (single action or bulk). */
export async function rejectInTx(
  tx: TTx,
  actor: TActor,
  { x, effects }: TLoaded,
  input: Pick<TRejectInput, "reason">,
  ctx: TMutationCtx,
): Promise<TActionOutcome["effects"]> {
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
