"use client";

import { X } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { DetailPanel } from "@/components/ui/detail-panel";
import { formatDateTime, relativeTime } from "@/components/ui/time";
import { DueBadge, ExceptionStatusBadge, ReasonBadge } from "./badges";
import { auditActionLabel } from "@/lib/server/audit/labels";
import { DecisionTrace, HistoryTimeline, JsonBlock, Section } from "./context-sections";
import { ClassifierSuggestion } from "./classifier-suggestion";
import { ExceptionActions } from "./exception-actions";
import { DraftMessage, heldDraft } from "./draft-review";
import { RecordCheckSection } from "./record-check-section";
import type { TExceptionDetailView, TQueueActions } from "./types";

/**
 * The context panel: everything about one exception in one place — why it
 * stopped, the record and its history, the raw payload, the SLA clock and who
 * touched it — with the actions beside it. A drawer over the table, so the
 * list keeps its full width.
 */
export function ExceptionPanel({
  detail,
  now,
  act,
  preview,
  label,
}: {
  detail: TExceptionDetailView;
  now: string;
  act: TQueueActions["act"];
  preview: TQueueActions["preview"];
  label: TQueueActions["label"];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const at = new Date(now);
  const x = detail.exception;
  const next = new URLSearchParams(params.toString());
  next.delete("open");
  const closeHref = `${pathname}?${next.toString()}`;
  const close = () => router.push(closeHref, { scroll: false });
  const s = detail.suggestion as { ownerName?: string; requiresConfirmation?: boolean } | null;

  return (
    <DetailPanel
      closeHref={closeHref}
      itemId={x.id}
      aria-labelledby="exception-title"
      data-testid="exception-panel"
      className="fixed inset-y-0 right-0 z-30 flex w-[560px] max-w-full flex-col border-l border-slate-200 bg-white shadow-2xl"
    >
      <header className="flex items-start justify-between gap-3 px-5 pt-5 pb-3">
        <div className="min-w-0">
          <div className="mb-1.5 flex flex-wrap items-center gap-1.5">
            <ReasonBadge reason={x.reason} />
            <ExceptionStatusBadge status={x.status} />
            <DueBadge dueAt={detail.sla.dueAt} now={at} done={x.status === "RESOLVED"} />
          </div>
          <h2
            id="exception-title"
            className="text-lg leading-snug font-semibold break-words text-slate-900"
          >
            {x.title}
          </h2>
          <p className="mt-1 text-xs text-slate-500">
            {x.workflow?.name ?? "No workflow"} · {x.source?.name ?? "—"} · opened{" "}
            {relativeTime(x.createdAt, at)} ·{" "}
            {/* Who handles the exception (not the record's owner, shown under Record). */}
            {x.owner ? `handled by ${x.owner.name}` : "nobody handles it yet"}
            {x.team ? ` (${x.team.name})` : ""}
          </p>
        </div>
        <button
          type="button"
          onClick={close}
          aria-label="Close details"
          className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100"
        >
          <X className="h-5 w-5" />
        </button>
      </header>
      <div className="px-5 pb-4">
        {/* Keyed by id only: the refresh after an action brings a new version, and
            the operator must still see what their action did (or why it was refused). */}
        <ExceptionActions key={x.id} detail={detail} act={act} preview={preview} />
        <ClassifierSuggestion key={`clf-${x.id}`} detail={detail} label={label} />
      </div>
      <div
        className="min-h-0 flex-1 overflow-y-auto"
        tabIndex={0}
        role="region"
        aria-label="Exception context"
      >
        {heldDraft(detail.context) ? (
          <Section title="Message" testId="draft">
            <DraftMessage context={detail.context} />
          </Section>
        ) : null}
        <Section title="Why it stopped" testId="decision">
          <DecisionTrace trace={detail.decision} detail={x.detail} />
          {s?.ownerName ? (
            <p className="mt-2 text-sm text-slate-700">
              Suggestion: <strong>{s.ownerName}</strong>
              {detail.confidence !== null ? ` · confidence ${detail.confidence.toFixed(2)}` : ""}
              {s.requiresConfirmation ? " · needs confirmation" : ""}
            </p>
          ) : null}
        </Section>
        <RecordCheckSection context={detail.context} />
        <Section title="SLA">
          <p className="text-sm text-slate-700">
            Due {formatDateTime(detail.sla.dueAt)} ({relativeTime(detail.sla.dueAt, at)}) ·{" "}
            <Badge
              tone={
                detail.sla.state === "breached"
                  ? "red"
                  : detail.sla.state === "due_soon"
                    ? "amber"
                    : "green"
              }
            >
              {detail.sla.state.replaceAll("_", " ")}
            </Badge>
          </p>
          {x.resolvedAt ? (
            <p className="mt-1 text-sm text-slate-600">
              Resolved {relativeTime(x.resolvedAt, at)} by {x.resolvedBy?.name ?? "the system"}
              {x.resolutionNote ? `: “${x.resolutionNote}”` : ""}
            </p>
          ) : null}
        </Section>
        {detail.record ? (
          <Section title="Record">
            <dl className="grid grid-cols-[110px_1fr] gap-x-3 gap-y-1 text-sm">
              {(["name", "email", "company", "phone"] as const).map((k) => (
                <div key={k} className="contents">
                  <dt className="text-slate-500 capitalize">{k}</dt>
                  <dd className="break-all text-slate-800">{detail.record?.[k] ?? "—"}</dd>
                </div>
              ))}
              <dt className="text-slate-500">Owner</dt>
              <dd className="text-slate-800">{detail.record.owner?.name ?? "—"}</dd>
              {detail.record.links.map((l) => (
                <div key={l.destination.key} className="contents">
                  <dt className="text-slate-500">ID in {l.destination.name}</dt>
                  <dd className="break-all text-slate-800">
                    <code>{l.externalId}</code>
                    {l.confirmedAt ? " · confirmed" : " · not confirmed"}
                  </dd>
                </div>
              ))}
            </dl>
          </Section>
        ) : null}
        <Section title="History" testId="record-history">
          <HistoryTimeline items={detail.history} now={at} />
        </Section>
        <Section title="Raw payload">
          <JsonBlock value={detail.payload} label="Raw event payload" />
          {detail.event ? (
            <p className="mt-1.5 text-xs text-slate-500">
              Event {detail.event.id} from {detail.event.source.name}, received{" "}
              {formatDateTime(detail.event.receivedAt)} · status {detail.event.status.toLowerCase()}
            </p>
          ) : null}
        </Section>
        <Section title="Who touched it" testId="touched-by">
          <ul className="space-y-1 text-sm">
            {detail.touchedBy.map((a) => (
              <li key={a.id} className="flex flex-wrap gap-x-2">
                <span className="text-xs font-semibold" title={a.action}>
                  {auditActionLabel(a.action)}
                </span>
                <span className="text-slate-700">{a.actorLabel}</span>
                <span className="text-xs text-slate-500">{relativeTime(a.createdAt, at)}</span>
                {a.reason ? (
                  <span className="w-full text-xs text-slate-500">{a.reason}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </Section>
      </div>
    </DetailPanel>
  );
}
