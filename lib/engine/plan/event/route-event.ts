import { matchesFilter } from "@/lib/rules/evaluate-rules";
import type { TBatchState, TRecordState, TTimelineStep } from "../batch-state";
import { decide } from "../decide";
import type { TDecision, TExceptionDecision } from "../decision";
import type { TLiveWorkflow } from "../types";
import type { TEventContext, TExceptionDraft, TStopped } from "./context";
import type { TIdentified } from "./understand-event";

/** The record as rules and decisions read it. */
export type TRecordView = Pick<
  TRecordState,
  "id" | "email" | "name" | "company" | "phone" | "ownerId" | "attributes"
>;

export function recordView(r: TRecordState): TRecordView {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    company: r.company,
    phone: r.phone,
    ownerId: r.ownerId,
    attributes: r.attributes,
  };
}

/**
 * Route: the first of the source's live workflows (oldest first) whose filter
 * the event and its record match, else the oldest; NO_ROUTE when the source
 * has none. A chained stage goes to the workflow its chain names.
 */
export function chooseWorkflow(
  ctx: TEventContext,
  workflows: readonly TLiveWorkflow[],
  record: TRecordView,
  identified: TIdentified,
): { ok: true; workflow: TLiveWorkflow } | TStopped {
  const chain = ctx.event.chain;
  if (chain) {
    // A chained stage names its workflow; it must still be live on this source.
    const named = workflows.find((w) => w.id === chain.workflowId);
    if (named) return { ok: true, workflow: named };
    return {
      ok: false,
      step: { step: "decide", at: ctx.at, ok: false, note: "NO_ROUTE" },
      draft: {
        reason: "NO_ROUTE",
        detail: `"${chain.fromWorkflowName}" ended with ${chain.outcome} and starts "${chain.workflowName}", which is not active with a published version.`,
        label: identified.label,
        recordId: record.id,
        search: identified.search,
      },
    };
  }
  if (workflows.length === 0) {
    return {
      ok: false,
      step: { step: "decide", at: ctx.at, ok: false, note: "NO_ROUTE" },
      draft: {
        reason: "NO_ROUTE",
        detail: `No active workflow with a published version takes events from source "${ctx.event.source.name}".`,
        label: identified.label,
        recordId: record.id,
        search: identified.search,
      },
    };
  }
  const ruleInput = { event: ctx.payload, record };
  const workflow =
    workflows.find((w) => matchesFilter(w.definition.filter, ruleInput).matched) ?? workflows[0];
  return { ok: true, workflow };
}

/** Decide: the workflow's rules, assignment, SLA and gates, against the batch's directory and ledger. */
export function decideEvent(
  ctx: TEventContext,
  state: Pick<TBatchState, "directory" | "ledger">,
  workflow: TLiveWorkflow,
  record: TRecordView,
): { decision: TDecision; step: TTimelineStep } {
  const decision = decide({
    definition: workflow.definition,
    payload: ctx.payload,
    record,
    directory: state.directory,
    ledger: state.ledger,
    now: ctx.now,
    chained: !!ctx.event.chain,
    model: workflow.model ?? null,
    classifierPaused: workflow.classifierPaused ?? null,
  });
  const handoff = decision.kind === "handoff";
  return {
    decision,
    step: {
      step: "decide",
      at: ctx.at,
      ok: handoff,
      note: handoff ? decision.ruleId : decision.reason,
    },
  };
}

/** The exception a decision asks for (low confidence, approval, source mismatch…). */
export function decisionException(
  decision: TExceptionDecision,
  workflow: TLiveWorkflow,
  recordId: string,
  identified: TIdentified,
): TExceptionDraft {
  return {
    reason: decision.reason,
    detail: decision.detail,
    label: identified.label,
    recordId,
    decision,
    workflow,
    search: identified.search,
  };
}
