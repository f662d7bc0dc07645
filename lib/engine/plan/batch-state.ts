import type { TEventChain } from "@/lib/workflow-definition/event-chain";
import type { auditRow } from "@/lib/server/audit/record";
import type { TNewJob } from "@/lib/server/jobs";
import type { exceptionRow } from "@/lib/exception-model/build-rows";
import type { CandidateIndex } from "./candidate-index";
import type { TSourceMapping } from "./understand";
import type { TDirectory, TLedgerRow, TLiveWorkflow } from "./types";

/**
 * The in-memory state a batch of events is planned against, and everything
 * the plan will write. Plain data: the store loads it and flushes the writes
 * (lib/engine/store/), the planning steps (lib/engine/plan/event/) only read
 * and extend it.
 */

export type TRecordState = {
  id: string;
  identityKey: string;
  email: string | null;
  name: string | null;
  company: string | null;
  phone: string | null;
  attributes: Record<string, unknown>;
  ownerId: string | null;
  isNew: boolean;
};

export type TTimelineStep = { step: string; at: string; ok: boolean; note?: string };

/** An event's outcome, written back to its row when the batch is flushed. */
export type TEventWrite = {
  id: string;
  status: "ROUTED" | "COMPLETED" | "EXCEPTION";
  processedAt: Date;
  timeline: TTimelineStep[];
  recordId: string | null;
  workflowVersionId: string | null;
  decision: unknown;
};

/** A batch's assignments to one member of one team, added to the round-robin ledger. */
export type TLedgerIncrement = { teamId: string; userId: string; count: number; last: Date };

export type TExceptionWrite = ReturnType<typeof exceptionRow>;
export type TAuditWrite = ReturnType<typeof auditRow>;

/** Everything a batch writes, accumulated in memory and flushed in one transaction. */
export type TBatchWrites = {
  recordsCreate: TRecordState[];
  recordsTouched: Set<string>;
  handoffs: Record<string, unknown>[];
  exceptions: TExceptionWrite[];
  audits: TAuditWrite[];
  jobs: TNewJob[];
  events: TEventWrite[];
  ledger: Map<string, TLedgerIncrement>;
};

export type TBatchState = {
  now: Date;
  directory: TDirectory;
  ledger: TLedgerRow[];
  /** Known records by identity key (loaded for this batch, or created in it). */
  records: Map<string, TRecordState>;
  /** Records a new identity might duplicate. */
  candidates: CandidateIndex;
  workflows: Map<string, TLiveWorkflow[]>;
  writes: TBatchWrites;
};

export type TEventRow = {
  id: string;
  payload: string;
  receivedAt: Date;
  source: TSourceMapping & { id: string; name: string };
  /** Set when a handoff outcome started this event's workflow (lib/workflow-definition/event-chain.ts). */
  chain?: TEventChain | null;
};

export function emptyWrites(): TBatchWrites {
  return {
    recordsCreate: [],
    recordsTouched: new Set(),
    handoffs: [],
    exceptions: [],
    audits: [],
    jobs: [],
    events: [],
    ledger: new Map(),
  };
}
