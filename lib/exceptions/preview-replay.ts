import "server-only";
import { actionIdempotencyKey } from "@/lib/destinations/idempotency-key";
import { loadLiveWorkflows } from "@/lib/engine/store/live-workflows";
import type { TActor } from "@/lib/server/auth/actor";
import { failedDeliveryKey, planAction } from "./effects";
import { storedActions } from "./policy";
import {
  findDeliveredKeys,
  findOtherDeliveries,
  findReplayEvent,
  findScopedException,
  loadReplayFacts,
} from "./store/replay-preview";

/**
 * What a replay re-runs, for an operator deciding whether to press the button.
 * Delivery effects:
 * - "sent": a new delivery with this key (it never succeeded);
 * - "sent_if_handed_off": sent if the new decision hands the event off;
 * - "sent_receiver_dedupes": sent again with a key the receiver already
 *   applied, so a receiver honouring idempotency keys drops it;
 * - "not_sent": not part of this replay (e.g. the actions that succeeded
 *   when only the failed step is replayed).
 */
export type TReplayDelivery = {
  destinationKey: string;
  actionName: string;
  idempotencyKey: string;
  alreadyDelivered: boolean;
  effect: "sent" | "sent_if_handed_off" | "sent_receiver_dedupes" | "not_sent";
};

export type TReplayPreview = {
  from: "trigger" | "failed_step";
  /** Whether the replay would be accepted now; `refusal` says why not. */
  allowed: boolean;
  refusal: string | null;
  steps: string[];
  handoff: string;
  deliveries: TReplayDelivery[];
};

/**
 * Previews a replay WITHOUT writing anything: the pipeline steps that run
 * again, what happens to handoffs, and each delivery with its idempotency
 * key and whether that key was delivered before. Null outside the caller's
 * scope. A trigger replay's workflow is the one the event ran under when it
 * is still published, else the source's first live workflow — the new run
 * may pick another if the rules changed.
 */
export async function previewReplay(
  actor: TActor,
  exceptionId: string,
  from: "trigger" | "failed_step",
): Promise<TReplayPreview | null> {
  const x = await findScopedException(actor, exceptionId);
  if (!x) return null;
  const action =
    storedActions(x.allowedActions).includes("edit_replay") &&
    !storedActions(x.allowedActions).includes("replay")
      ? ("edit_replay" as const)
      : ("replay" as const);
  const planned = planAction(x, { action, from }, await loadReplayFacts(x));
  const refusal = planned.ok ? null : planned.why;
  const base = { from, allowed: planned.ok, refusal };

  if (planned.ok && planned.kind === "resend_delivery") {
    const key = failedDeliveryKey(x.context)!;
    const c = (x.context ?? {}) as { action?: { name?: string }; destinationKey?: string };
    const others = await findOtherDeliveries(x.eventId, key);
    return {
      ...base,
      steps: ["act", "verify"],
      handoff: "The existing handoff is kept.",
      deliveries: [
        {
          destinationKey: c.destinationKey ?? "",
          actionName: c.action?.name ?? "",
          idempotencyKey: key,
          alreadyDelivered: false,
          effect: "sent",
        },
        ...others.map((d) => ({
          destinationKey: d.destination.key,
          actionName: "",
          idempotencyKey: d.idempotencyKey,
          alreadyDelivered: true,
          effect: "not_sent" as const,
        })),
      ],
    };
  }

  const event = x.eventId ? await findReplayEvent(x.eventId) : null;
  const workflows = event ? await loadLiveWorkflows(event.sourceId) : [];
  const wf =
    workflows.find((w) => w.versionId === event?.workflowVersionId) ??
    workflows.find((w) => w.id === x.workflowId) ??
    workflows[0];
  const keys =
    event && wf
      ? wf.definition.actions.map((a) => ({
          action: a,
          key: actionIdempotencyKey(event.id, wf.versionId, a.id),
        }))
      : [];
  const delivered = await findDeliveredKeys(keys.map((k) => k.key));
  return {
    ...base,
    steps: ["understand", "decide", "act", "verify"],
    handoff: planned.ok
      ? "A new handoff is created if the decision routes the event; it has none now."
      : "No replay: the existing handoff is kept.",
    deliveries: keys.map(({ action: a, key }) => ({
      destinationKey: a.destinationKey,
      actionName: a.name,
      idempotencyKey: key,
      alreadyDelivered: delivered.has(key),
      effect: delivered.has(key) ? "sent_receiver_dedupes" : "sent_if_handed_off",
    })),
  };
}
