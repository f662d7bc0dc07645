/** Exception reasons, as in the Prisma enum (kept here so pure code needs no Prisma import). */
export const EXCEPTION_REASONS = [
  "MISSING_FIELD",
  "CONTRACT_VIOLATION",
  "DUPLICATE_SUSPECTED",
  "LOW_CONFIDENCE",
  "APPROVAL_REQUIRED",
  "NO_ROUTE",
  "SOURCE_MISMATCH",
  "DELIVERY_REJECTED",
  "DEAD_LETTER",
  "SLA_BREACH",
  "STUCK",
  "CHANNEL_DOWN",
  "SOURCE_QUIET",
  "SOURCE_REJECTING",
  "HANDED_BACK",
  "DRAFT_REVIEW",
  "VERIFY_MISMATCH",
  "RECONCILE_DRIFT",
] as const;
export type TExceptionReason = (typeof EXCEPTION_REASONS)[number];

export const EXCEPTION_ACTIONS = [
  "approve",
  "reject",
  "reassign",
  "replay",
  "edit_replay",
  "escalate",
  "close",
] as const;
export type TExceptionAction = (typeof EXCEPTION_ACTIONS)[number];

/**
 * What an operator may do with an exception of each reason. Stored on the
 * exception when it opens, so the queue shows only buttons that make sense
 * and the server refuses the others.
 */
export function allowedActionsFor(reason: TExceptionReason): TExceptionAction[] {
  switch (reason) {
    case "MISSING_FIELD":
    case "CONTRACT_VIOLATION":
      return ["edit_replay", "reject", "reassign", "escalate", "close"];
    case "DUPLICATE_SUSPECTED":
    case "LOW_CONFIDENCE":
    case "APPROVAL_REQUIRED":
      return ["approve", "reject", "reassign", "escalate", "close"];
    case "SOURCE_MISMATCH":
      return ["approve", "edit_replay", "reject", "escalate", "close"];
    case "NO_ROUTE":
      return ["reassign", "replay", "edit_replay", "escalate", "close"];
    // The agent's reason is in the detail; a manager gives it to someone else.
    case "HANDED_BACK":
      return ["reassign", "escalate", "close"];
    // No edit_replay: the event already has its handoff, and replaying it from
    // the trigger would hand it off twice (see mutations/replay-exception.ts).
    case "DELIVERY_REJECTED":
    case "DEAD_LETTER":
      return ["replay", "escalate", "close"];
    case "SLA_BREACH":
      return ["reassign", "escalate", "close"];
    case "STUCK":
      return ["replay", "escalate", "close"];
    // A held message: approving sends it; rejecting drops it with a reason.
    case "DRAFT_REVIEW":
      return ["approve", "reject", "reassign", "escalate"];
    // The downstream holds other values than Baton wrote: write again, or accept.
    case "VERIFY_MISMATCH":
    case "RECONCILE_DRIFT":
      return ["replay", "escalate", "close"];
    // Source-level alarms (lib/channels): no event to replay; a person looks,
    // fixes the sender or the mailbox, hands it on or closes it. They close
    // themselves when the channel recovers.
    case "CHANNEL_DOWN":
    case "SOURCE_QUIET":
    case "SOURCE_REJECTING":
      return ["reassign", "escalate", "close"];
  }
}

export const REASON_LABELS: Record<TExceptionReason, string> = {
  MISSING_FIELD: "Missing field",
  CONTRACT_VIOLATION: "Contract violation",
  DUPLICATE_SUSPECTED: "Duplicate suspected",
  LOW_CONFIDENCE: "Low confidence",
  APPROVAL_REQUIRED: "Approval required",
  NO_ROUTE: "No route",
  SOURCE_MISMATCH: "Source mismatch",
  DELIVERY_REJECTED: "Delivery rejected",
  DEAD_LETTER: "Dead letter",
  SLA_BREACH: "SLA breached",
  STUCK: "Stuck",
  CHANNEL_DOWN: "Channel down",
  SOURCE_QUIET: "Source quiet",
  SOURCE_REJECTING: "Source rejecting",
  HANDED_BACK: "Handed back",
  DRAFT_REVIEW: "Draft to review",
  VERIFY_MISMATCH: "Read-back mismatch",
  RECONCILE_DRIFT: "Downstream drift",
};
