import { Badge, type TTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Time } from "@/components/ui/time";
import { PanelSection } from "./panel-section";
import type { THistoryItemView } from "./types";

const KIND_LABEL: Record<THistoryItemView["kind"], string> = {
  event: "Event",
  decision: "Decision",
  handoff: "Handoff",
  delivery: "Delivery",
  exception: "Exception",
  audit: "Audit",
};

const KIND_DOT: Record<THistoryItemView["kind"], string> = {
  event: "bg-blue-500",
  decision: "bg-violet-500",
  handoff: "bg-brand-600",
  delivery: "bg-emerald-500",
  exception: "bg-amber-500",
  audit: "bg-slate-400",
};

const FIRST = 12;

function statusTone(status: string): TTone {
  const s = status.toUpperCase();
  if (["FAILED", "DEAD", "REJECTED", "ESCALATED", "OPEN"].includes(s)) return "red";
  if (["PENDING", "RETRYING", "HANDED_BACK"].includes(s)) return "amber";
  if (["DELIVERED", "COMPLETED", "SUCCEEDED", "DONE", "RESOLVED", "PROCESSED"].includes(s))
    return "green";
  return "neutral";
}

function Item({ item, now }: { item: THistoryItemView; now: Date }) {
  return (
    <li className="relative pb-3 pl-5 last:pb-0" data-kind={item.kind}>
      <span
        className={cn("absolute top-1.5 -left-1 h-2 w-2 rounded-full", KIND_DOT[item.kind])}
        aria-hidden
      />
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <span className="text-xs font-medium text-slate-500 uppercase">
          {KIND_LABEL[item.kind]}
        </span>
        <span className="text-sm font-medium break-all text-slate-800">{item.title}</span>
        {item.status ? (
          <Badge tone={statusTone(item.status)}>
            {item.status.toLowerCase().replaceAll("_", " ")}
          </Badge>
        ) : null}
        <span className="ml-auto text-xs text-slate-500">
          <Time value={item.at} now={now} />
        </span>
      </div>
      {item.actor ? <p className="text-xs text-slate-500">by {item.actor}</p> : null}
      {item.detail ? <p className="mt-0.5 text-sm text-slate-600">{item.detail}</p> : null}
      {item.kind === "delivery" && (item.httpStatus || item.responseExcerpt) ? (
        <p className="mt-1 truncate font-mono text-xs text-slate-600">
          {item.httpStatus ? <span className="font-semibold">HTTP {item.httpStatus}</span> : null}
          {item.httpStatus && item.responseExcerpt ? " · " : null}
          {item.responseExcerpt}
        </p>
      ) : null}
    </li>
  );
}

/** The record's history, newest first: events, decisions, handoffs, deliveries, exceptions, audit. */
export function HistoryTimeline({ items, now }: { items: THistoryItemView[]; now: Date }) {
  const first = items.slice(0, FIRST);
  const rest = items.slice(FIRST);
  return (
    <PanelSection title="History" hint={`${items.length} item${items.length === 1 ? "" : "s"}`}>
      {items.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing recorded yet.</p>
      ) : (
        <>
          <ol aria-label="History, newest first" className="border-l border-slate-200 pl-0">
            {first.map((i) => (
              <Item key={`${i.kind}:${i.id}`} item={i} now={now} />
            ))}
          </ol>
          {rest.length ? (
            <details className="mt-2">
              <summary className="text-brand-700 cursor-pointer text-sm hover:underline">
                Show {rest.length} older
              </summary>
              <ol className="mt-2">
                {rest.map((i) => (
                  <Item key={`${i.kind}:${i.id}`} item={i} now={now} />
                ))}
              </ol>
            </details>
          ) : null}
        </>
      )}
    </PanelSection>
  );
}
