import "server-only";
import { actionIdempotencyKey } from "@/lib/destinations/idempotency-key";
import { loadLiveWorkflows } from "@/lib/engine/store/live-workflows";
import type { TActor } from "@/lib/server/auth/actor";
import { failedDeliveryKey, planAction } from "./effects";
import { storedActions } from "./policy";
import { REASON_LABELS, type TExceptionReason } from "@/lib/exception-model/allowed-actions";
import {
  findDeliveredKeys,
  findOtherDeliveries,
  findReplayDestinations,
  findReplayEvent,
  findScopedException,
  loadReplayFacts,
  loadReplaySimulation,
} from "./store/replay-preview";
import { simulateEvent } from "@/lib/workflows/simulate";
import { utcMinute } from "@/lib/server/utc-text";

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
  destinationName: string;
  /** Whether the destination takes deliveries now: "circuit_open" ones wait for it to recover. */
  destinationState: "ok" | "circuit_open" | "half_open" | "paused" | "missing";
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
  /** What stands in the way of the deliveries now (open circuits, paused destinations). */
  warnings: string[];
  /** A destination is down: the re-sent deliveries wait for it (the item shows "replaying"). */
  waitsForRecovery: boolean;
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
  const plan = await planReplay(actor, exceptionId, from);
  return plan ? withDestinationStates(plan) : null;
}

type TPlainDelivery = Omit<TReplayDelivery, "destinationName" | "destinationState">;
type TPlainPreview = Omit<TReplayPreview, "deliveries" | "warnings" | "waitsForRecovery"> & {
  deliveries: TPlainDelivery[];
};

/** Each delivery's destination as it is now, and a warning for any that cannot take it. */
async function withDestinationStates(plan: TPlainPreview): Promise<TReplayPreview> {
  const destinations = await findReplayDestinations(plan.deliveries.map((d) => d.destinationKey));
  const byKey = new Map(destinations.map((d) => [d.key, d]));
  const warnings: string[] = [];
  let waitsForRecovery = false;
  const deliveries = plan.deliveries.map((d): TReplayDelivery => {
    const dest = byKey.get(d.destinationKey);
    const state: TReplayDelivery["destinationState"] = !dest
      ? "missing"
      : !dest.active
        ? "paused"
        : dest.circuitState === "OPEN"
          ? "circuit_open"
          : dest.circuitState === "HALF_OPEN"
            ? "half_open"
            : "ok";
    const name = dest?.name ?? d.destinationKey;
    if (d.effect !== "not_sent") {
      if (state === "missing")
        warnings.push(`${name} no longer exists: "${d.actionName}" would be refused.`);
      if (state === "paused") {
        waitsForRecovery = true;
        warnings.push(`${name} is paused: "${d.actionName}" would wait until it is resumed.`);
      }
      if (state === "circuit_open" || state === "half_open") {
        waitsForRecovery = true;
        warnings.push(
          `${name} is failing (circuit ${state === "circuit_open" ? "open" : "half-open"}` +
            `${dest?.circuitOpenedAt ? ` since ${utcMinute(dest.circuitOpenedAt)}` : ""}): ` +
            `"${d.actionName}" waits until it recovers; the item shows "replaying" meanwhile and returns to the queue if it fails again.`,
        );
      }
    }
    return { ...d, destinationName: name, destinationState: state };
  });
  return { ...plan, deliveries, warnings: [...new Set(warnings)], waitsForRecovery };
}

async function planReplay(
  actor: TActor,
  exceptionId: string,
  from: "trigger" | "failed_step",
): Promise<TPlainPreview | null> {
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
    handoff:
      planned.ok && event
        ? `If the rules stay as they are now: ${describePrediction((await predictReplays([event.id])).get(event.id))}`
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

/** What the engine would do with a replayed event now: hand it off, or open an exception again. */
export type TReplayPrediction =
  | { kind: "handoff"; ownerName: string | null; teamName: string | null; deliveries: number }
  | { kind: "exception"; reason: string; detail: string | null };

/**
 * Runs the engine's own planning (understand → decide → act, as the worker
 * will when the replay runs) on these events, in order and against one
 * state, so a second event sees the first one's assignment. Nothing is
 * written. By event id.
 */
export async function predictReplays(
  eventIds: string[],
  now = new Date(),
): Promise<Map<string, TReplayPrediction>> {
  const { events, state } = await loadReplaySimulation(eventIds, now);
  const out = new Map<string, TReplayPrediction>();
  if (!state) return out;
  const name = (id: string | null, list: { id: string; name: string }[]) =>
    (id && list.find((m) => m.id === id)?.name) || null;
  for (const e of events) {
    const sim = simulateEvent(e, state);
    out.set(
      e.id,
      sim.kind === "handoff"
        ? {
            kind: "handoff",
            ownerName: name(sim.ownerId, state.directory.members),
            teamName: name(sim.teamId, state.directory.teams),
            deliveries: sim.actions.length,
          }
        : { kind: "exception", reason: sim.reason ?? "NO_ROUTE", detail: sim.detail },
    );
  }
  return out;
}

/** A prediction in words, for the preview and the bulk plan. */
export function describePrediction(p: TReplayPrediction | undefined): string {
  if (!p) return "The event is no longer there.";
  if (p.kind === "exception") {
    const label = REASON_LABELS[p.reason as TExceptionReason] ?? p.reason;
    return `Comes back to the queue as ${label}${p.detail ? `: ${p.detail}` : "."}`;
  }
  const who = p.ownerName ?? (p.teamName ? `${p.teamName}'s queue` : "nobody");
  return `A handoff to ${who}${p.ownerName && p.teamName ? ` (${p.teamName})` : ""}${
    p.deliveries ? `, then ${p.deliveries} action${p.deliveries === 1 ? "" : "s"} sent` : ""
  }.`;
}
