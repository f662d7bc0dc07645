import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import type { TReplayInput } from "../schema";
import { replayEventInTx, resendDeliveryInTx } from "./replay-event";
import {
  loadForAction,
  runExceptionAction,
  type TActionOutcome,
  type TLoaded,
  type TMutationCtx,
} from "./run-action";

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
 */
export async function replayException(
  actor: TActor,
  exceptionId: string,
  input: TReplayInput,
  ctx: TMutationCtx = {},
): Promise<TActionOutcome> {
  return runExceptionAction(actor, exceptionId, async (tx) => {
    const loaded = await loadForAction(tx, actor, exceptionId, input, input.version);
    return replayInTx(tx, actor, loaded, input, ctx);
  });
}

/** The replay inside a caller's transaction (single action or bulk). */
export async function replayInTx(
  tx: TTx,
  actor: TActor,
  { x, kind, effects }: TLoaded,
  input: Pick<TReplayInput, "from">,
  ctx: TMutationCtx,
): Promise<TActionOutcome["effects"]> {
  if (kind === "resend_delivery") {
    await resendDeliveryInTx(tx, actor, ctx, x);
    return { ...effects, handoffId: x.handoffId };
  }
  await replayEventInTx(tx, actor, ctx, x, { from: input.from });
  return effects;
}
