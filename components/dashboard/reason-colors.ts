import { REASON_LABELS, type TExceptionReason } from "@/lib/exception-model/allowed-actions";

/** One steady colour per exception reason, so charts read the same everywhere. */
export const REASON_COLORS: Record<TExceptionReason, string> = {
  MISSING_FIELD: "#f59e0b",
  CONTRACT_VIOLATION: "#ef4444",
  DUPLICATE_SUSPECTED: "#8b5cf6",
  LOW_CONFIDENCE: "#3b82f6",
  APPROVAL_REQUIRED: "#06b6d4",
  NO_ROUTE: "#64748b",
  SOURCE_MISMATCH: "#ec4899",
  DELIVERY_REJECTED: "#f97316",
  DEAD_LETTER: "#7c3aed",
  SLA_BREACH: "#dc2626",
  STUCK: "#0f766e",
  CHANNEL_DOWN: "#991b1b",
  SOURCE_QUIET: "#a16207",
  SOURCE_REJECTING: "#be123c",
  HANDED_BACK: "#0891b2",
  DRAFT_REVIEW: "#4f46e5",
  VERIFY_MISMATCH: "#b45309",
  RECONCILE_DRIFT: "#9d174d",
};

export function reasonSeries(present: Iterable<string>) {
  const set = new Set(present);
  return (Object.keys(REASON_LABELS) as TExceptionReason[])
    .filter((r) => set.has(r))
    .map((r) => ({ key: r, label: REASON_LABELS[r], color: REASON_COLORS[r] }));
}
