import "server-only";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { recordExceptionDecisionInTx } from "@/lib/learning/mutations/examples";
import type { TTx } from "@/lib/server/db-client";
import { assertMayOperate } from "../policy";
import type { TBulkAction, TExceptionActionInput } from "../schema";
import { approveInTx } from "./approve-exception";
import { closeInTx } from "./close-exception";
import { editReplayInTx } from "./edit-replay-exception";
import { escalateInTx } from "./escalate-exception";
import { reassignInTx } from "./reassign-exception";
import { rejectInTx } from "./reject-exception";
import { replayInTx } from "./replay-exception";
import { loadForAction, runExceptionAction, type TActionOutcome } from "./run-action";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * One action on one exception (the REST endpoint's body), in one
 * transaction: 404 outside scope, 409 with the fresh state on a stale
 * version, 422 when the action is not possible for it now.
 */
export async function actOnException(
  actor: TActor,
  exceptionId: string,
  input: TExceptionActionInput,
  ctx: TRequestCtx = {},
): Promise<TActionOutcome> {
  assertMayOperate(actor, input.action);
  return runExceptionAction(actor, exceptionId, (tx) =>
    actOnExceptionInTx(tx, actor, exceptionId, input, input.version, ctx),
  );
}

/**
 * The same inside a caller's transaction. `version: null` acts on the
 * current version (bulk: each item at the version it has when its turn comes).
 */
export async function actOnExceptionInTx(
  tx: TTx,
  actor: TActor,
  exceptionId: string,
  input: TExceptionActionInput | TBulkAction,
  version: number | null,
  ctx: TRequestCtx,
): Promise<TActionOutcome["effects"]> {
  assertMayOperate(actor, input.action);
  const loaded = await loadForAction(tx, actor, exceptionId, input, version);
  // A routing decision on a case the classifier looked at is a labelled example.
  if (input.action === "approve" || input.action === "reassign") {
    const effects = await (input.action === "approve"
      ? approveInTx(tx, actor, loaded, input, ctx)
      : reassignInTx(tx, actor, loaded, input, ctx));
    await recordExceptionDecisionInTx(tx, auditActor(actor), loaded.x, {
      kind: input.action,
      label: input.label ?? null,
      ...(input.action === "reassign" ? { ownerId: input.ownerId, teamId: input.teamId } : {}),
    });
    return effects;
  }
  switch (input.action) {
    case "reject":
      return rejectInTx(tx, actor, loaded, input, ctx);
    case "replay":
      return replayInTx(tx, actor, loaded, input, ctx);
    case "edit_replay":
      return editReplayInTx(tx, actor, loaded, input, ctx);
    case "escalate":
      return escalateInTx(tx, actor, loaded, input, ctx);
    case "close":
      return closeInTx(tx, actor, loaded, input, ctx);
  }
}
