import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { validateContract } from "@/lib/ingest/contract";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import { applyPatch } from "../json-patch";
import { assertMayOperate } from "../policy";
import type { TEditReplayInput } from "../schema";
import { replayEventInTx } from "./replay-event";
import { type TActionOutcome, type TLoaded } from "./run-action";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Fixes an event's payload and replays it from the trigger. The patch (field
 * path → value) is applied to the stored payload, which must still be a JSON
 * object within the source's size limit and must now satisfy the source's
 * contract (refused with the remaining issues otherwise, so the operator
 * fixes it here rather than in a new exception). The original payload is
 * kept in the audit entry's `before`, the edited one in `after`.
 *
 * The event's bodyHash stays the hash of what was received, so a sender
 * retrying the original delivery is still recognised as a duplicate.
 *
 * Runs inside the caller's transaction, on an exception loadForAction
 * checked and locked (actOnException).
 */
export async function editReplayInTx(
  tx: TTx,
  actor: TActor,
  { x, effects }: TLoaded,
  input: Pick<TEditReplayInput, "patch" | "note">,
  ctx: TRequestCtx,
): Promise<TActionOutcome["effects"]> {
  assertMayOperate(actor, "edit_replay");
  const event = await tx.event.findUniqueOrThrow({
    where: { id: x.eventId! },
    select: { id: true, payload: true, source: { select: { contract: true, maxBodyBytes: true } } },
  });
  let original: unknown;
  try {
    original = JSON.parse(event.payload);
  } catch {
    original = null;
  }
  if (typeof original !== "object" || original === null || Array.isArray(original)) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: "The stored payload is not a JSON object.",
    });
  }
  const edited = applyPatch(original as Record<string, unknown>, input.patch);
  const body = JSON.stringify(edited);
  if (Buffer.byteLength(body) > event.source.maxBodyBytes) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: `The edited payload is over the source's ${event.source.maxBodyBytes} byte limit.`,
    });
  }
  const issues = event.source.contract ? validateContract(event.source.contract, edited) : [];
  if (issues.length > 0) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: `The edited payload still breaks the source's contract: ${issues
        .slice(0, 5)
        .map((i) => `${i.path || "(body)"}: ${i.message}`)
        .join("; ")}`,
      details: { issues },
    });
  }
  await replayEventInTx(tx, actor, ctx, x, { from: "trigger", note: input.note, payload: body });
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: "event.payload_edited",
    entityType: "event",
    entityId: event.id,
    before: { payload: original },
    after: { payload: edited, patch: input.patch },
    reason: input.note ?? `Edited to resolve exception ${x.id}`,
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  });
  return effects;
}
