import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import type { TCloseInput } from "../schema";
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

/** Closes an exception with a note (handled elsewhere, no longer relevant…). */
export async function closeException(
  actor: TActor,
  exceptionId: string,
  input: TCloseInput,
  ctx: TMutationCtx = {},
): Promise<TActionOutcome> {
  return runExceptionAction(actor, exceptionId, async (tx) => {
    const loaded = await loadForAction(tx, actor, exceptionId, input, input.version);
    return closeInTx(tx, actor, loaded, input, ctx);
  });
}

/** The close inside a caller's transaction (single action or bulk). */
export async function closeInTx(
  tx: TTx,
  actor: TActor,
  { x, effects }: TLoaded,
  input: Pick<TCloseInput, "note">,
  ctx: TMutationCtx,
): Promise<TActionOutcome["effects"]> {
  await claimException(tx, x, resolvedBy(actor, "CLOSED", input.note));
  await auditException(tx, actor, ctx, {
    id: x.id,
    action: "exception.closed",
    before: { status: x.status },
    after: { status: "RESOLVED", resolution: "CLOSED" },
    reason: input.note,
  });
  return effects;
}
