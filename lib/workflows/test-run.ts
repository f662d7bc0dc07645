import "server-only";
import type { TEventRow } from "@/lib/engine/plan/batch-state";
import type { TActor } from "@/lib/server/auth/actor";
import { checkDefinition } from "./check-definition";
import { loadDefinitionRefs } from "./data";
import { assertCanEditWorkflows, definitionErrors, notFound } from "./policy";
import { simulatedWorkflow, simulateEvent, type TSimOutcome } from "./simulate";
import { findWorkflowToTestRun, loadTestRunState } from "./store/simulation-inputs";

/** The definition to simulate: the one sent, or the saved draft; invalid ones are refused per field. */
export async function definitionToRun(raw: unknown) {
  const check = checkDefinition(raw, await loadDefinitionRefs());
  if (!check.ok) throw definitionErrors(check.errors, "Fix the draft before running it");
  return check.definition;
}

export type TTestRun = TSimOutcome & {
  owner: { id: string; name: string } | null;
  team: { id: string; name: string } | null;
  suggestedOwner: { id: string; name: string } | null;
  /** Whether the payload would stitch onto a record that exists today. */
  existingRecord: boolean;
};

/**
 * Runs a definition (the draft unless one is given) against a sample payload
 * exactly as the worker would — the same Understand step, the same records,
 * team load and round-robin ledger, the same planEvent — and answers the
 * full decision trace. Writes nothing: the planned writes are read and dropped.
 */
export async function testRunWorkflow(
  actor: TActor,
  id: string,
  input: { payload: Record<string, unknown>; definition?: Record<string, unknown> },
): Promise<TTestRun> {
  assertCanEditWorkflows(actor);
  const wf = await findWorkflowToTestRun(id);
  if (!wf) throw notFound();
  const definition = await definitionToRun(input.definition ?? wf.draft);
  const now = new Date();
  const event: TEventRow = {
    id: "test-event",
    payload: JSON.stringify(input.payload),
    receivedAt: now,
    source: wf.source,
  };
  const state = await loadTestRunState(event, now);
  state.workflows = new Map([[wf.source.id, [simulatedWorkflow(wf, definition)]]]);
  const outcome = simulateEvent(event, state);
  const member = (uid: string | null) => {
    const m = uid ? state.directory.members.find((x) => x.id === uid) : null;
    return m ? { id: m.id, name: m.name } : null;
  };
  const team = outcome.teamId ? state.directory.teams.find((t) => t.id === outcome.teamId) : null;
  return {
    ...outcome,
    owner: member(outcome.ownerId),
    team: team ? { id: team.id, name: team.name } : null,
    suggestedOwner: member(outcome.suggestedOwnerId),
    existingRecord: outcome.timeline.some((s) => s.note === "stitched onto existing record"),
  };
}
