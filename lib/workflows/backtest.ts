import "server-only";
import { loadDirectory, loadLedger } from "@/lib/engine/store/directory";
import type { TEventRow } from "@/lib/engine/plan/batch-state";
import type { TActor } from "@/lib/server/auth/actor";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";
import { changedRoutes, summariseSide, type TBacktestEvent } from "./backtest-summary";
import { assertCanEditWorkflows, notFound } from "./policy";
import { BACKTEST_MAX_EVENTS } from "./schema";
import { simulatedWorkflow, simulateEvent, simulationState, type TSimOutcome } from "./simulate";
import { findBacktestEvents, findWorkflowToBacktest } from "./store/simulation-inputs";
import { definitionToRun } from "./test-run";

function labelOf(payload: string): string {
  try {
    const p = JSON.parse(payload) as Record<string, unknown>;
    const pick = ["email", "contactEmail", "customerEmail", "company", "name"].find(
      (k) => typeof p[k] === "string" && p[k],
    );
    return pick ? String(p[pick]).slice(0, 80) : "";
  } catch {
    return "";
  }
}

/**
 * Replays the source's events of the last `days` days (oldest first, at most
 * BACKTEST_MAX_EVENTS, the newest kept when there are more) through the
 * published version and through the draft, each side with its own in-memory
 * copy of today's team, load and round-robin ledger and with records rebuilt
 * from the replayed events — the engine's own planEvent, one event after
 * another. Answers both sides' tallies and the events whose route changes.
 * Writes nothing.
 */
export async function backtestWorkflow(
  actor: TActor,
  id: string,
  input: { days: number; definition?: Record<string, unknown> },
) {
  assertCanEditWorkflows(actor);
  const wf = await findWorkflowToBacktest(id);
  if (!wf) throw notFound();
  const draft = await definitionToRun(input.definition ?? wf.draft);
  const publishedDef = wf.publishedVersion
    ? ZWorkflowDefinition.safeParse(wf.publishedVersion.definition)
    : null;

  const now = new Date();
  const since = new Date(now.getTime() - input.days * 86_400_000);
  const [{ total, rows }, directory, ledger] = await Promise.all([
    findBacktestEvents(wf.source.id, since, BACKTEST_MAX_EVENTS),
    loadDirectory(),
    loadLedger(),
  ]);
  rows.reverse();
  const events: TEventRow[] = rows.map((r) => ({ ...r, source: wf.source }));

  const started = performance.now();
  const run = (workflow: Parameters<typeof simulationState>[0]["workflow"]): TSimOutcome[] => {
    const state = simulationState({ now, directory, ledger, sourceId: wf.source.id, workflow });
    return events.map((e) => simulateEvent(e, state));
  };
  const publishedWorkflow =
    wf.publishedVersion && publishedDef?.success
      ? simulatedWorkflow(wf, publishedDef.data, wf.publishedVersion)
      : null;
  const publishedOutcomes = run(publishedWorkflow);
  const draftOutcomes = run(simulatedWorkflow(wf, draft));
  const list: TBacktestEvent[] = rows.map((r) => ({
    id: r.id,
    receivedAt: r.receivedAt,
    label: labelOf(r.payload),
  }));

  return {
    days: input.days,
    since: since.toISOString(),
    events: rows.length,
    totalInWindow: total,
    truncated: total > rows.length,
    limit: BACKTEST_MAX_EVENTS,
    durationMs: Math.round(performance.now() - started),
    published: summariseSide(
      wf.publishedVersion ? `Published v${wf.publishedVersion.version}` : "Nothing published",
      wf.publishedVersion?.version ?? null,
      publishedOutcomes,
      directory,
    ),
    draft: summariseSide("Draft", null, draftOutcomes, directory),
    changed: changedRoutes(list, publishedOutcomes, draftOutcomes, directory),
  };
}
export type TBacktest = Awaited<ReturnType<typeof backtestWorkflow>>;
