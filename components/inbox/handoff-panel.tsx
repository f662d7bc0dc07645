import { X } from "lucide-react";
import Link from "next/link";
import { DueBadge, HandoffStateBadge, ReasonBadge } from "@/components/queue/badges";
import { buttonClass } from "@/components/ui/button";
import { DetailPanel } from "@/components/ui/detail-panel";
import { EmptyState } from "@/components/ui/empty-state";
import { DecisionTrace } from "./decision-trace";
import { HandoffActions } from "./handoff-actions";
import { PayloadSection, RecordSection, SlaSection, TouchedBySection } from "./handoff-facts";
import { HistoryTimeline } from "./history-timeline";
import { PanelSection } from "./panel-section";
import type { TActFn, THandoffDetailView } from "./types";

// Beside the list from the lg breakpoint; below it (a phone, a narrow
// window) the whole screen, over the list, which comes back on close.
const panelClass =
  "min-h-80 overflow-y-auto overscroll-contain bg-white max-lg:fixed max-lg:inset-0 max-lg:z-30 lg:sticky lg:top-4 lg:max-h-[calc(100vh-12rem)] lg:rounded-lg lg:shadow-sm lg:ring-1 lg:ring-slate-200";

function CloseLink({ href }: { href: string }) {
  return (
    <Link
      href={href}
      scroll={false}
      aria-label="Close details"
      className={buttonClass("ghost", "sm") + " shrink-0"}
    >
      <X className="h-4 w-4" aria-hidden />
    </Link>
  );
}

/**
 * The context panel of one handoff, rendered on the server from
 * `getHandoffDetail`: who and what it is, the actions its state allows, why
 * it was routed here, the SLA clock, the record, its history, who touched it
 * and the raw payload.
 */
export function HandoffPanel({
  detail,
  now,
  closeHref,
  act,
}: {
  detail: THandoffDetailView;
  now: string;
  closeHref: string;
  act: TActFn;
}) {
  const h = detail.handoff;
  const at = new Date(now);
  const name = h.record.name ?? h.record.email ?? "Unnamed lead";
  const open = h.state === "PENDING" || h.state === "ACCEPTED";
  return (
    <DetailPanel
      closeHref={closeHref}
      itemId={h.id}
      aria-labelledby="handoff-title"
      className={panelClass}
      data-testid="handoff-panel"
    >
      <div className="flex items-start gap-3 px-5 pt-4 pb-3">
        <div className="min-w-0 flex-1">
          <h2 id="handoff-title" className="truncate text-lg font-semibold text-slate-900">
            {name}
          </h2>
          <p className="truncate text-sm text-slate-500">
            {[h.record.company, h.record.email].filter(Boolean).join(" · ")}
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <span data-testid="handoff-state">
              <HandoffStateBadge state={h.state} />
            </span>
            {open ? <DueBadge dueAt={h.dueAt} now={at} /> : null}
          </div>
          <p className="mt-1.5 text-xs text-slate-500">
            {h.workflow?.name ?? "No workflow"} ·{" "}
            {h.owner ? `owned by ${h.owner.name}` : "no owner"}
            {h.team ? ` (${h.team.name})` : ""}
          </p>
          {h.outcome ? (
            <p className="mt-2 text-sm text-slate-700">
              Outcome: <strong>{h.outcome.replaceAll("_", " ")}</strong>
              {h.outcomeNote ? <span className="text-slate-500"> — {h.outcomeNote}</span> : null}
            </p>
          ) : null}
        </div>
        <CloseLink href={closeHref} />
      </div>
      <HandoffActions
        handoffId={h.id}
        version={h.version}
        actions={detail.actions}
        outcomes={detail.outcomes}
        act={act}
      />
      {detail.openExceptions.length ? (
        <PanelSection title="Waiting on the manager">
          <ul className="space-y-1.5 text-sm">
            {detail.openExceptions.map((x) => (
              <li key={x.id} className="flex flex-wrap items-center gap-2">
                <ReasonBadge reason={x.reason} />
                <span className="text-slate-700">{x.title}</span>
              </li>
            ))}
          </ul>
        </PanelSection>
      ) : null}
      <DecisionTrace decision={detail.decision} now={at} />
      <SlaSection detail={detail} now={at} />
      <RecordSection record={detail.record} />
      <HistoryTimeline items={detail.history} now={at} />
      <TouchedBySection entries={detail.touchedBy} now={at} />
      <PayloadSection detail={detail} />
    </DetailPanel>
  );
}

/** `?open=` names a handoff that does not exist or is not the caller's. */
export function HandoffPanelMissing({ closeHref }: { closeHref: string }) {
  return (
    <DetailPanel
      closeHref={closeHref}
      aria-label="Handoff details"
      className={panelClass}
      data-testid="handoff-panel"
    >
      <div className="flex justify-end px-3 pt-3">
        <CloseLink href={closeHref} />
      </div>
      <EmptyState title="Handoff not found">
        It does not exist or is not yours to see. It may have been reassigned to someone else.
      </EmptyState>
    </DetailPanel>
  );
}
