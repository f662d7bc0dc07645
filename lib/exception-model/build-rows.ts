import { allowedActionsFor, REASON_LABELS, type TExceptionReason } from "./allowed-actions";

/** Who the system acts as in audit entries written by the worker. */
export const WORKER_ACTOR = { type: "SYSTEM" as const, label: "system:worker" };

/** How long a person has to pick up a new exception (until workflows configure it). */
export const EXCEPTION_SLA_MS = 4 * 60 * 60_000;

/** Lower-cased business fields a queue search matches on. */
export function searchTextFor(parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join(" ")
    .toLowerCase()
    .slice(0, 1000);
}

/** "Jane Doe (Acme)" or the email, or the event id: how a case is named in titles. */
export function caseLabel(
  f: { name?: string | null; email?: string | null; company?: string | null },
  fallback: string,
) {
  const who = f.name || f.email;
  if (who && f.company) return `${who} (${f.company})`;
  return who || f.company || fallback;
}

export function exceptionTitle(reason: TExceptionReason, label: string) {
  return `${REASON_LABELS[reason]}: ${label}`.slice(0, 200);
}

export type TExceptionRowInput = {
  id: string;
  reason: TExceptionReason;
  title: string;
  detail: string;
  now: Date;
  eventId?: string | null;
  recordId?: string | null;
  handoffId?: string | null;
  workflowId?: string | null;
  sourceId?: string | null;
  deliveryId?: string | null;
  ownerId?: string | null;
  teamId?: string | null;
  context: Record<string, unknown>;
  suggestion?: Record<string, unknown> | null;
  confidence?: number | null;
  searchText: string;
};

/** The Exception row for createMany, with the actions its reason allows. */
export function exceptionRow(input: TExceptionRowInput) {
  return {
    id: input.id,
    reason: input.reason,
    status: "OPEN" as const,
    title: input.title,
    detail: input.detail.slice(0, 2000),
    eventId: input.eventId ?? null,
    recordId: input.recordId ?? null,
    handoffId: input.handoffId ?? null,
    workflowId: input.workflowId ?? null,
    sourceId: input.sourceId ?? null,
    deliveryId: input.deliveryId ?? null,
    ownerId: input.ownerId ?? null,
    teamId: input.teamId ?? null,
    dueAt: new Date(input.now.getTime() + EXCEPTION_SLA_MS),
    context: JSON.parse(JSON.stringify(input.context)),
    suggestion: input.suggestion ? JSON.parse(JSON.stringify(input.suggestion)) : undefined,
    confidence: input.confidence ?? null,
    allowedActions: allowedActionsFor(input.reason),
    searchText: input.searchText,
    createdAt: input.now,
  };
}
