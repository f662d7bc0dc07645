import type { TWorkflowDefinition } from "@/lib/workflow-definition/schema";
import type { TConditionResult, TRuleStep } from "@/lib/rules/evaluate-rules";
import type { TConfidence, TConfidenceTier } from "@/lib/engine/plan/confidence";
import type { TClassification, TLoadedModel } from "@/lib/learning/classify";
import type { TMoneyCheck, TSourceCheck } from "@/lib/engine/plan/checks";
import type {
  TAssignFailure,
  TAssignStrategy,
  TDirectory,
  TExceptionReason,
  TLedgerRow,
  TSkipped,
  TSuggestion,
} from "@/lib/engine/plan/types";

/** Everything the Decide step looks at; loaded by the worker, passed in whole. */
export type TDecideInput = {
  definition: TWorkflowDefinition;
  payload: Record<string, unknown>;
  record: Record<string, unknown> | null;
  /** The record's earlier events/handoffs; only counted in the trace for now. */
  history?: readonly unknown[];
  directory: TDirectory;
  ledger: readonly TLedgerRow[];
  now: Date;
  /**
   * Started by another workflow's outcome (a chain names this workflow): the
   * filter, which picks among a source's workflows, does not apply.
   */
  chained?: boolean;
  /** The workflow's active classifier version (null: none trained yet). */
  model?: TLoadedModel | null;
  /** Why the classifier may not act now (live precision below target), or null. */
  classifierPaused?: string | null;
};

export type TApprovalTier = TWorkflowDefinition["rules"][number]["approval"]["tier"];

/** The assignment as the trace records it. */
export type TAssignmentTrace = {
  ok: boolean;
  strategy: TAssignStrategy;
  userId: string | null;
  teamId: string | null;
  failure: TAssignFailure | null;
  explanation: string;
  skipped: TSkipped[];
};

/**
 * Why the engine decided what it did. Plain JSON (dates as ISO strings) so it
 * can be stored on the event, the handoff and the exception as is. Steps not
 * reached are null.
 */
export type TDecisionTrace = {
  summary: string;
  decidedAt: string;
  outcome: "handoff" | TExceptionReason;
  requiredFields: { checked: string[]; missing: string[] };
  filter: TConditionResult | null;
  rules: TRuleStep[];
  ruleId: string | null;
  ruleName: string | null;
  /** The fields the matched rule read, with their values. */
  inputs: Record<string, unknown>;
  sourceOfTruth: TSourceCheck[] | null;
  assignment: TAssignmentTrace | null;
  confidence: TConfidence | null;
  money: TMoneyCheck | null;
  approval: { tier: TApprovalTier; autoApproveAt: string | null } | null;
  historyCount: number;
  /** The classifier's verdict, when the workflow has one (issue #16). */
  classifier?: TClassification | null;
};

/** Hand the work over now. */
export type THandoffDecision = {
  kind: "handoff";
  ruleId: string;
  ownerId: string;
  teamId: string | null;
  confidence: TConfidence;
  tier: TConfidenceTier;
  approval: { tier: TApprovalTier; autoApproveAt?: Date };
  dueAt: Date;
  trace: TDecisionTrace;
};

/** A person has to look: the engine opens an exception with this reason and text. */
export type TExceptionDecision = {
  kind: "exception";
  reason: TExceptionReason;
  title: string;
  detail: string;
  ruleId: string | null;
  /** The owner to pre-fill; null when the engine has no owner it trusts enough to offer. */
  suggestion: TSuggestion | null;
  /** LOW_CONFIDENCE in the suggest tier: a person confirms or changes the suggestion. */
  requiresConfirmation: boolean;
  /** Fast-track approval: approve the suggestion automatically at this time unless someone objects. */
  autoApproveAt?: Date;
  confidence?: TConfidence;
  trace: TDecisionTrace;
};

export type TDecision = THandoffDecision | TExceptionDecision;

/** What a check contributes to an exception decision (decide fills in the rest). */
export type TExceptionFields = Omit<
  TExceptionDecision,
  "kind" | "trace" | "ruleId" | "suggestion" | "requiresConfirmation"
> &
  Partial<Pick<TExceptionDecision, "suggestion" | "requiresConfirmation">>;
