import {
  REASON_LABELS,
  type TExceptionAction,
  type TExceptionReason,
} from "@/lib/exception-model/allowed-actions";
import { storedActions } from "./policy";

/**
 * What an operator action will do to one exception — or why it is refused —
 * decided from the exception and a few facts about its event. Pure, so the
 * single action, the bulk plan and the replay preview all answer the same
 * question the same way, and the bulk plan's counts match what the run does.
 */

export type TEffects = {
  handoffsCreated: number;
  handoffsReassigned: number;
  deliveriesResent: number;
  eventsReplayed: number;
};

export const NO_EFFECTS: TEffects = {
  handoffsCreated: 0,
  handoffsReassigned: 0,
  deliveriesResent: 0,
  eventsReplayed: 0,
};

/** The sum of two effect tallies (bulk plans and runs add them up item by item). */
export function addEffects(a: TEffects, b: TEffects): TEffects {
  return {
    handoffsCreated: a.handoffsCreated + b.handoffsCreated,
    handoffsReassigned: a.handoffsReassigned + b.handoffsReassigned,
    deliveriesResent: a.deliveriesResent + b.deliveriesResent,
    eventsReplayed: a.eventsReplayed + b.eventsReplayed,
  };
}

export type TActionKind =
  | "resolve" // reject, close: no side effect beyond the exception
  | "escalate"
  | "answer" // approve a manager question: the open handoff carries on
  | "create_handoff"
  | "move_handoff"
  | "move_exception"
  | "merge" // confirm a duplicate: stitch the event onto the record and re-decide
  | "accept_event_values" // source mismatch: the event's values win, then re-decide
  | "replay_event"
  | "resend_delivery"
  | "send_draft"; // approve a held email: the reviewed message is sent

export type TPlanned =
  { ok: true; kind: TActionKind; effects: TEffects } | { ok: false; why: string };

/** The exception fields the planner reads. */
export type TPlanExceptionInput = {
  reason: TExceptionReason;
  status: string;
  eventId: string | null;
  recordId: string | null;
  handoffId: string | null;
  suggestion: unknown;
  allowedActions: unknown;
  context: unknown;
};

/** Facts about the exception's event and handoff, loaded by store/facts.ts. */
export type TPlanFacts = {
  /** The event already has a handoff that is not cancelled or handed back. */
  eventHasActiveHandoff: boolean;
  /** The event is being processed right now (RECEIVED/PROCESSING). */
  eventBusy: boolean;
  /** The exception's own handoff is still open (PENDING, ACCEPTED, ESCALATED). */
  attachedHandoffOpen: boolean;
  /** The failed delivery's idempotency key has a SUCCEEDED delivery since. */
  failedKeyDelivered: boolean;
};

type TAction = { action: TExceptionAction; from?: "trigger" | "failed_step" };

const ROUTING: readonly TExceptionReason[] = [
  "LOW_CONFIDENCE",
  "APPROVAL_REQUIRED",
  "NO_ROUTE",
  "HANDED_BACK",
];
const DELIVERY: readonly TExceptionReason[] = ["DELIVERY_REJECTED", "DEAD_LETTER"];
/** A record write that read back different: replaying writes it again (same key), whatever step is named. */
const RECORD_WRITE: readonly TExceptionReason[] = ["VERIFY_MISMATCH", "RECONCILE_DRIFT"];

const ok = (kind: TActionKind, e: Partial<TEffects> = {}): TPlanned => ({
  ok: true,
  kind,
  effects: { ...NO_EFFECTS, ...e },
});
const no = (why: string): TPlanned => ({ ok: false, why });

const DUPLICATE_HANDOFF =
  "The event already has a handoff: running it through the pipeline again would hand it off twice.";

/** The idempotency key of the failed delivery an exception is about, if any. */
export function failedDeliveryKey(context: unknown): string | null {
  const c = (context ?? {}) as { idempotencyKey?: unknown };
  return typeof c.idempotencyKey === "string" && c.idempotencyKey ? c.idempotencyKey : null;
}

function suggestedOwner(suggestion: unknown): string | null {
  const s = (suggestion ?? {}) as { ownerId?: unknown };
  return typeof s.ownerId === "string" && s.ownerId ? s.ownerId : null;
}

function replayEvent(x: TPlanExceptionInput, f: TPlanFacts): TPlanned {
  if (!x.eventId) return no("There is no event to replay.");
  if (f.eventBusy) return no("The event is already being processed.");
  if (f.eventHasActiveHandoff) return no(`${DUPLICATE_HANDOFF} Replay from the failed step.`);
  return ok("replay_event", { eventsReplayed: 1 });
}

/** What `action` would do to `x`, or why it is refused (a 422 for a single action). */
export function planAction(x: TPlanExceptionInput, action: TAction, f: TPlanFacts): TPlanned {
  const label = REASON_LABELS[x.reason];
  if (x.status === "RESOLVED") return no("This exception is already resolved.");
  if (x.status === "REPLAYING") {
    return no("This exception is being replayed: wait until its actions are verified or fail.");
  }
  if (!storedActions(x.allowedActions).includes(action.action)) {
    return no(`"${action.action.replace("_", " ")}" is not possible for ${label}.`);
  }
  const routable = !!x.eventId && !!x.recordId;
  switch (action.action) {
    case "reject":
    case "close":
      return ok("resolve");
    case "escalate":
      return x.status === "ESCALATED" ? no("This exception is already escalated.") : ok("escalate");
    case "approve": {
      if (x.reason === "DRAFT_REVIEW") {
        if (!failedDeliveryKey(x.context)) return no("The held message is not recorded.");
        if (f.failedKeyDelivered) return no("This message was sent already: close it instead.");
        return ok("send_draft", { deliveriesResent: 1 });
      }
      if (f.attachedHandoffOpen) return ok("answer");
      if (!routable) return no("There is no event and record to approve.");
      if (f.eventHasActiveHandoff) return no(DUPLICATE_HANDOFF);
      if (x.reason === "DUPLICATE_SUSPECTED") return ok("merge", { eventsReplayed: 1 });
      if (x.reason === "SOURCE_MISMATCH") return ok("accept_event_values", { eventsReplayed: 1 });
      if (!suggestedOwner(x.suggestion)) {
        return no("There is no suggested owner to approve: reassign it to someone.");
      }
      return ok("create_handoff", { handoffsCreated: 1 });
    }
    case "reassign": {
      // A held email goes to another reviewer; the lead's handoff stays where it is.
      if (x.reason === "DRAFT_REVIEW") return ok("move_exception");
      if (f.attachedHandoffOpen) return ok("move_handoff", { handoffsReassigned: 1 });
      if (x.reason === "SLA_BREACH") return no("Its handoff is no longer open: close it instead.");
      if (ROUTING.includes(x.reason) && routable) {
        if (f.eventHasActiveHandoff) return no(DUPLICATE_HANDOFF);
        return ok("create_handoff", { handoffsCreated: 1 });
      }
      return ok("move_exception");
    }
    case "replay": {
      if (RECORD_WRITE.includes(x.reason)) {
        if (!failedDeliveryKey(x.context)) return no("The record write is not recorded.");
        // A drifted write had succeeded once: that is no reason not to write it again.
        if (x.reason === "VERIFY_MISMATCH" && f.failedKeyDelivered) {
          return no("That write has been verified since: close it instead.");
        }
        return ok("resend_delivery", { deliveriesResent: 1 });
      }
      if (action.from === "failed_step" && DELIVERY.includes(x.reason)) {
        if (!failedDeliveryKey(x.context)) return no("The failed delivery is not recorded.");
        if (f.failedKeyDelivered) return no("That delivery has succeeded since: close it instead.");
        return ok("resend_delivery", { deliveriesResent: 1 });
      }
      return replayEvent(x, f);
    }
    case "edit_replay":
      return replayEvent(x, f);
  }
}
