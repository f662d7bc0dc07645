import { auditRow } from "@/lib/server/audit/record";
import { newId } from "@/lib/server/ids";
import type { TNewJob } from "@/lib/server/jobs";
import {
  WORKER_ACTOR,
  exceptionRow,
  exceptionTitle,
  searchTextFor,
} from "@/lib/exception-model/build-rows";
import type { TDirectory } from "../types";
import {
  memberName,
  type TEventContext,
  type TEventOutcome,
  type TExceptionDraft,
} from "./context";

/**
 * Act, when a person has to look: the exception row (with the engine's
 * suggestion, if it has one), its audit entry, a fast-track approval job when
 * the decision allows one, and the event's EXCEPTION outcome.
 */
export function openException(
  ctx: TEventContext,
  directory: TDirectory,
  draft: TExceptionDraft,
): TEventOutcome {
  const { event, payload, now } = ctx;
  const id = newId("x");
  const d = draft.decision?.kind === "exception" ? draft.decision : null;
  const exception = exceptionRow({
    eventId: event.id,
    sourceId: event.source.id,
    now,
    id,
    reason: draft.reason,
    title: exceptionTitle(draft.reason, draft.label),
    detail: draft.detail,
    recordId: draft.recordId ?? null,
    workflowId: draft.workflow?.id ?? null,
    teamId: d?.suggestion?.teamId ?? null,
    context: { payload, ...draft.context, decision: draft.decision?.trace ?? null },
    suggestion: d?.suggestion
      ? {
          ...d.suggestion,
          ownerName: memberName(directory, d.suggestion.ownerId),
          requiresConfirmation: d.requiresConfirmation,
        }
      : null,
    confidence: d?.confidence?.score ?? null,
    searchText: searchTextFor([
      ...(draft.search ?? []),
      draft.recordId,
      event.id,
      event.source.key,
    ]),
  });
  const audit = auditRow({
    actor: WORKER_ACTOR,
    action: "exception.opened",
    entityType: "exception",
    entityId: id,
    after: { reason: draft.reason, status: "OPEN" },
    reason: draft.detail.slice(0, 500),
  });
  const jobs: TNewJob[] = d?.autoApproveAt
    ? [
        {
          kind: "exception.autoapprove",
          payload: { exceptionId: id },
          runAt: d.autoApproveAt,
          eventId: event.id,
        },
      ]
    : [];
  return {
    handoff: null,
    exception,
    audits: [audit],
    jobs,
    event: {
      id: event.id,
      status: "EXCEPTION",
      processedAt: now,
      timeline: ctx.timeline,
      recordId: draft.recordId ?? null,
      workflowVersionId: draft.workflow?.versionId ?? null,
      decision: draft.decision?.trace ?? null,
    },
    assignment: null,
  };
}
