import { auditActionLabel } from "@/lib/server/audit/labels";
import type { ReactNode } from "react";
import { DueBadge } from "@/components/queue/badges";
import { Badge, type TTone } from "@/components/ui/badge";
import { formatDateTime, Time } from "@/components/ui/time";
import { Facts, inlineValue, JsonBlock, PanelSection } from "./panel-section";
import type { TAuditView, THandoffDetailView, TRecordView } from "./types";

const SLA: Record<string, [string, TTone]> = {
  on_track: ["On track", "green"],
  due_soon: ["Due soon", "amber"],
  breached: ["Breached", "red"],
};

const OPEN_STATES = ["PENDING", "ACCEPTED"];

/** The SLA clock: due time, its state while open, and when it was accepted and finished. */
export function SlaSection({ detail, now }: { detail: THandoffDetailView; now: Date }) {
  const h = detail.handoff;
  const open = OPEN_STATES.includes(h.state);
  const [label, tone] = SLA[detail.sla.state] ?? [detail.sla.state, "neutral"];
  const items: [string, ReactNode][] = [
    [
      "Due",
      <span key="due" className="inline-flex flex-wrap items-center gap-2">
        {formatDateTime(detail.sla.dueAt)}
        {open ? <DueBadge dueAt={detail.sla.dueAt} now={now} /> : null}
        {h.state === "PENDING" ? <Badge tone={tone}>{label}</Badge> : null}
      </span>,
    ],
    ["Handed over", <Time key="c" value={h.createdAt} now={now} />],
    ["Accepted", h.acceptedAt ? <Time key="a" value={h.acceptedAt} now={now} /> : "Not yet"],
  ];
  if (h.completedAt) items.push(["Completed", <Time key="f" value={h.completedAt} now={now} />]);
  if (h.escalations > 0) items.push(["Reassignments", String(h.escalations)]);
  return (
    <PanelSection title="SLA clock">
      <Facts items={items} />
    </PanelSection>
  );
}

/** The canonical record the handoff is about. */
export function RecordSection({ record }: { record: TRecordView | null }) {
  if (!record) {
    return (
      <PanelSection title="Record">
        <p className="text-sm text-slate-500">No canonical record is linked yet.</p>
      </PanelSection>
    );
  }
  const attributes = Object.entries(
    record.attributes && typeof record.attributes === "object" ? record.attributes : {},
  );
  const externalIds = Object.entries(
    record.externalIds && typeof record.externalIds === "object" ? record.externalIds : {},
  );
  return (
    <PanelSection title="Record" hint={record.identityKey}>
      <Facts
        items={[
          ["Name", record.name ?? "—"],
          ["Company", record.company ?? "—"],
          ["Email", record.email ?? "—"],
          ["Phone", record.phone ?? "—"],
          ["Record owner", record.owner?.name ?? "—"],
          ...externalIds.map(([k, v]) => [`ID (${k})`, inlineValue(v)] as [string, string]),
          ...record.links.map(
            (l) =>
              [
                `ID in ${l.destination.name}`,
                `${l.externalId}${l.confirmedAt ? " (confirmed)" : " (not confirmed)"}`,
              ] as [string, string],
          ),
          ...attributes.map(([k, v]) => [k, inlineValue(v)] as [string, string]),
        ]}
      />
    </PanelSection>
  );
}

/** Who touched the handoff, newest first, from its audit entries. */
export function TouchedBySection({ entries, now }: { entries: TAuditView[]; now: Date }) {
  return (
    <PanelSection title="Who touched it">
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">No one yet.</p>
      ) : (
        <ul className="space-y-1.5 text-sm">
          {entries.map((a) => (
            <li key={a.id} className="flex flex-wrap items-baseline gap-x-2">
              <span className="font-medium text-slate-800">{a.actorLabel}</span>
              <span className="text-xs text-slate-600" title={a.action}>
                {auditActionLabel(a.action)}
              </span>
              <span className="ml-auto text-xs text-slate-500">
                <Time value={a.createdAt} now={now} />
              </span>
              {a.reason ? <p className="w-full text-xs text-slate-600">“{a.reason}”</p> : null}
            </li>
          ))}
        </ul>
      )}
    </PanelSection>
  );
}

/** The event exactly as the source sent it. */
export function PayloadSection({ detail }: { detail: THandoffDetailView }) {
  return (
    <PanelSection
      title="Raw payload"
      hint={detail.event ? `event ${detail.event.id} · ${detail.event.status.toLowerCase()}` : null}
    >
      {detail.payload === null ? (
        <p className="text-sm text-slate-500">The event’s payload is not available.</p>
      ) : (
        <JsonBlock value={detail.payload} label="Raw payload (JSON)" />
      )}
    </PanelSection>
  );
}
