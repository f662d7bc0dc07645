import "server-only";
import { assertMayOperate } from "../policy";
import type { TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import type { TCloseInput } from "../schema";
import {
  auditException,
  claimException,
  resolvedBy,
  type TActionOutcome,
  type TLoaded,
} from "./run-action";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Closes an exception with a note (handled elsewhere, no longer relevant…).
 *
 * Runs inside the caller's transaction, on an exception loadForAction
 * checked and locked: actOnException (one action) and runBulk (many).
 */
export async function closeInTx(
  tx: TTx,
  actor: TActor,
  { x, effects }: TLoaded,
  input: Pick<TCloseInput, "note">,
  ctx: TRequestCtx,
): Promise<TActionOutcome["effects"]> {
  assertMayOperate(actor, "close");
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
