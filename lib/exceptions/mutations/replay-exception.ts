import "server-only";
import { assertMayOperate } from "../policy";
import type { TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import type { TReplayInput } from "../schema";
import { replayEventInTx, resendDeliveryInTx } from "./replay-event";
import { type TActionOutcome, type TLoaded } from "./run-action";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Replays an exception's event.
 * - from "failed_step" for a rejected or dead-lettered delivery: re-sends
 *   that delivery with its original idempotency key;
 * - otherwise (from "trigger", or the failed step of anything that failed
 *   before Act): the whole pipeline runs again — Understand finds the
 *   record it stitched before by identity, so "from the decide step" and
 *   "from the trigger" are the same run.
 * An event that already has a handoff is never run through the pipeline
 * again (422): it would hand the same event off twice.
 *
 * Runs inside the caller's transaction, on an exception loadForAction
 * checked and locked: actOnException (one action) and runBulk (many).
 */
export async function replayInTx(
  tx: TTx,
  actor: TActor,
  { x, kind, effects }: TLoaded,
  input: Pick<TReplayInput, "from">,
  ctx: TRequestCtx,
): Promise<TActionOutcome["effects"]> {
  assertMayOperate(actor, "replay");
  if (kind === "resend_delivery") {
    await resendDeliveryInTx(tx, actor, ctx, x);
    return { ...effects, handoffId: x.handoffId };
  }
  await replayEventInTx(tx, actor, ctx, x, { from: input.from });
  return effects;
}
