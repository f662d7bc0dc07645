import {
  ZWorkflowDefinition,
  type TWorkflowDefinitionInput,
} from "@/lib/workflow-definition/schema";
import { member } from "../assign/test-helpers";
import { emptyWrites, type TBatchState, type TEventRow, type TRecordState } from "../batch-state";
import { CandidateIndex } from "../candidate-index";
import type { TLiveWorkflow } from "../types";
import { eventContext } from "./context";

/** Fixtures for the planning steps' unit tests (imported only by *.test.ts). */

export const NOW = new Date("2025-03-10T10:00:00Z");

export function event(
  payload: Record<string, unknown>,
  overrides: Partial<TEventRow> = {},
): TEventRow {
  return {
    id: "ev1",
    payload: JSON.stringify(payload),
    receivedAt: new Date("2025-03-10T09:59:00Z"),
    source: {
      id: "src1",
      key: "web",
      name: "Web form",
      contract: null,
      identityMapping: null,
      fieldMapping: null,
    },
    ...overrides,
  };
}

export const ctxFor = (payload: Record<string, unknown>) => eventContext(event(payload), NOW);

export function workflow(
  overrides: Partial<TWorkflowDefinitionInput> = {},
  id = "wf1",
): TLiveWorkflow {
  return {
    id,
    name: `Workflow ${id}`,
    ownerId: null,
    versionId: `${id}-v1`,
    version: 1,
    definition: ZWorkflowDefinition.parse({
      rules: [
        { id: "r-rr", name: "Team", when: null, assign: { strategy: "round_robin", teamId: "t1" } },
      ],
      sla: { acceptWithinMinutes: 60 },
      ...overrides,
    }),
  };
}

export function knownRecord(overrides: Partial<TRecordState> = {}): TRecordState {
  return {
    id: "r-known",
    identityKey: "email:jane@acme.com",
    email: "jane@acme.com",
    name: "Jane Doe",
    company: "Acme",
    phone: null,
    attributes: { plan: "pro" },
    ownerId: null,
    isNew: false,
    ...overrides,
  };
}

export function batchState(
  opts: { records?: TRecordState[]; workflows?: TLiveWorkflow[] } = {},
): TBatchState {
  const records = opts.records ?? [];
  return {
    now: NOW,
    directory: {
      members: [member("ana"), member("bo")],
      teams: [{ id: "t1", name: "Enterprise" }],
    },
    ledger: [],
    records: new Map(records.map((r) => [r.identityKey, r])),
    candidates: new CandidateIndex(records),
    workflows: new Map([["src1", opts.workflows ?? [workflow()]]]),
    writes: emptyWrites(),
  };
}
