import { Badge, type TTone } from "@/components/ui/badge";
import { REASON_LABELS } from "@/lib/exception-model/allowed-actions";

export { REASON_LABELS };

const REASON_TONES: Record<string, TTone> = {
  MISSING_FIELD: "amber",
  CONTRACT_VIOLATION: "amber",
  DUPLICATE_SUSPECTED: "violet",
  LOW_CONFIDENCE: "blue",
  APPROVAL_REQUIRED: "blue",
  NO_ROUTE: "amber",
  SOURCE_MISMATCH: "violet",
  DELIVERY_REJECTED: "red",
  DEAD_LETTER: "red",
  SLA_BREACH: "red",
  STUCK: "red",
};

export function ReasonBadge({ reason }: { reason: string }) {
  return (
    <Badge tone={REASON_TONES[reason] ?? "neutral"}>
      {REASON_LABELS[reason as keyof typeof REASON_LABELS] ?? reason}
    </Badge>
  );
}

export function ExceptionStatusBadge({ status }: { status: string }) {
  const tone: TTone =
    status === "OPEN"
      ? "amber"
      : status === "ESCALATED"
        ? "red"
        : status === "REPLAYING"
          ? "blue"
          : "green";
  return <Badge tone={tone}>{status.charAt(0) + status.slice(1).toLowerCase()}</Badge>;
}

export function HandoffStateBadge({ state }: { state: string }) {
  const tones: Record<string, TTone> = {
    PENDING: "amber",
    ACCEPTED: "blue",
    COMPLETED: "green",
    HANDED_BACK: "violet",
    ESCALATED: "red",
    CANCELLED: "neutral",
  };
  return (
    <Badge tone={tones[state] ?? "neutral"}>
      {state
        .replaceAll("_", " ")
        .toLowerCase()
        .replace(/^./, (c) => c.toUpperCase())}
    </Badge>
  );
}

/** Due clock: breached, due soon (under an hour), or on track. */
export function DueBadge({
  dueAt,
  now,
  done,
}: {
  dueAt: string | Date;
  now: Date;
  done?: boolean;
}) {
  const due = new Date(dueAt);
  const mins = Math.round((due.getTime() - now.getTime()) / 60_000);
  if (done) return <span className="text-slate-500">—</span>;
  const fmt = (m: number) =>
    Math.abs(m) >= 1440
      ? `${Math.floor(Math.abs(m) / 1440)} d`
      : Math.abs(m) >= 60
        ? `${Math.floor(Math.abs(m) / 60)} h`
        : `${Math.abs(m)} min`;
  if (mins < 0) return <Badge tone="red">Overdue {fmt(mins)}</Badge>;
  if (mins < 60) return <Badge tone="amber">Due in {fmt(mins)}</Badge>;
  return <Badge tone="neutral">Due in {fmt(mins)}</Badge>;
}
