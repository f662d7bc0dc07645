import { ArrowDown, ArrowRight } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { describeCondition } from "@/lib/rules/describe-condition";
import type { TAssign, TDef, TOptions } from "./types";

type TStage = {
  key: string;
  step: string;
  title: string;
  owner?: { role: string; name: string };
  body: ReactNode;
  /** Exceptions that branch off here, with when. */
  exceptions: { reason: string; when: string }[];
};

function assignText(a: TAssign, name: (id: string | undefined) => string) {
  switch (a.strategy) {
    case "named":
      return name(a.userId);
    case "round_robin":
      return `${name(a.teamId)} (round-robin${a.cap ? `, cap ${a.cap}` : ""})`;
    case "least_loaded":
      return `${name(a.teamId)} (least-loaded)`;
    case "territory":
      return `territory by ${a.field || "?"}: ${Object.entries(a.map)
        .map(([v, t]) => `${v}→${name(t)}`)
        .join(", ")}${a.fallbackTeamId ? `, else ${name(a.fallbackTeamId)}` : ""}`;
  }
}

function Owner({ role, name }: { role: string; name: string }) {
  return (
    <p className="mt-3 border-t border-slate-100 pt-2 text-xs text-slate-500">
      {role}: <span className="font-medium text-slate-800">{name || "not set"}</span>
    </p>
  );
}

/**
 * The handoff map as one picture: trigger → understand → decide → act →
 * outcome left to right, each stage with who owns it, and under each stage
 * the exceptions that branch off there into the queue.
 */
export function HandoffMap({
  def,
  source,
  options,
  selfKey,
}: {
  def: TDef;
  source: { key: string; name: string };
  options: TOptions;
  selfKey: string;
}) {
  const workflowName = new Map(options.workflows.map((w) => [w.key, w.name]));
  // Published workflows whose outcomes start this one.
  const startedBy = options.workflows.flatMap((w) =>
    w.next.filter((n) => n.workflowKey === selfKey).map((n) => ({ name: w.name, ...n })),
  );
  const names = new Map<string, string>([
    ...options.teams.map((t) => [t.id, t.name] as [string, string]),
    ...options.users.map((u) => [u.id, u.name] as [string, string]),
  ]);
  const name = (id: string | undefined) => (id ? (names.get(id) ?? id) : "?");
  const dest = new Map(options.destinations.map((d) => [d.key, d.name]));
  const sla = def.sla;
  const bh = sla.businessHours;
  const anyConfidence = def.rules.some((r) => r.confidence);
  const anyApproval = def.rules.some((r) => r.approval.tier !== "instant" || r.money);
  const anySot = def.rules.some((r) => r.sourceOfTruth);

  const stages: TStage[] = [
    {
      key: "trigger",
      step: "1",
      title: "Trigger",
      owner: { role: "Connector owner", name: def.owners.connector },
      body: (
        <>
          <p>
            Signed events from <strong>{source.name}</strong>{" "}
            <code className="text-xs">({source.key})</code>
          </p>
          <p className="mt-1 text-slate-600">Filter: {describeCondition(def.filter)}</p>
          {startedBy.length ? (
            <p className="mt-1 text-slate-600" data-testid="map-started-by">
              Also started by{" "}
              {startedBy.map((s, i) => (
                <span key={`${s.workflowKey}-${s.name}-${s.outcome}`}>
                  {i > 0 ? ", " : ""}
                  <strong>{s.name}</strong> ({s.outcome})
                </span>
              ))}
            </p>
          ) : null}
        </>
      ),
      exceptions: def.filter ? [{ reason: "NO_ROUTE", when: "filter does not match" }] : [],
    },
    {
      key: "understand",
      step: "2",
      title: "Understand",
      body: (
        <>
          <p>Check the contract, stitch onto one record by email / external id.</p>
          <p className="mt-1 text-slate-600">
            Required: {def.requiredFields.length ? def.requiredFields.join(", ") : "nothing extra"}
          </p>
        </>
      ),
      exceptions: [
        { reason: "CONTRACT_VIOLATION", when: "payload breaks the contract" },
        { reason: "MISSING_FIELD", when: "no identity or a required field" },
        { reason: "DUPLICATE_SUSPECTED", when: "looks like another record" },
      ],
    },
    {
      key: "decide",
      step: "3",
      title: "Decide",
      owner: { role: "Rule owner", name: def.owners.rule },
      body: (
        <ol className="space-y-1.5">
          {def.rules.map((r, i) => (
            <li key={r.id} className="leading-snug">
              <span className="font-medium text-slate-900">
                {i + 1}. {r.name}
              </span>
              <span className="block text-xs text-slate-600">
                if {describeCondition(r.when)} → {assignText(r.assign, name)}
                {r.approval.tier !== "instant" ? ` · ${r.approval.tier.replace("_", "-")}` : ""}
                {r.money ? ` · review ≥ ${r.money.threshold} ${r.money.field}` : ""}
              </span>
            </li>
          ))}
          {def.rules.length === 0 ? <li className="text-slate-500">No rules yet</li> : null}
        </ol>
      ),
      exceptions: [
        { reason: "NO_ROUTE", when: "no rule matches or nobody is available" },
        ...(anySot ? [{ reason: "SOURCE_MISMATCH", when: "event contradicts the record" }] : []),
        ...(anyConfidence ? [{ reason: "LOW_CONFIDENCE", when: "score below the act tier" }] : []),
        ...(anyApproval ? [{ reason: "APPROVAL_REQUIRED", when: "approval tier or amount" }] : []),
      ],
    },
    {
      key: "act",
      step: "4",
      title: "Act",
      owner: { role: "Decision owner", name: def.owners.decision },
      body: (
        <>
          <p>
            Hand off to the owner; accept within <strong>{sla.acceptWithinMinutes} min</strong>
            {bh ? ` (business hours ${bh.start}–${bh.end} ${bh.timezone})` : ""}.
          </p>
          {def.actions.length ? (
            <ul className="mt-1 space-y-0.5 text-slate-600">
              {def.actions.map((a) => (
                <li key={a.id}>
                  {a.name} → {dest.get(a.destinationKey) ?? a.destinationKey}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-slate-600">No downstream actions.</p>
          )}
        </>
      ),
      exceptions: def.actions.length
        ? [
            { reason: "DELIVERY_REJECTED", when: "a destination refuses the data" },
            { reason: "DEAD_LETTER", when: "retries run out" },
          ]
        : [],
    },
    {
      key: "outcome",
      step: "5",
      title: "Outcome",
      body: (
        <>
          <p>The owner accepts and records one of:</p>
          <p className="mt-1 text-slate-600">{def.outcomes.join(", ")}</p>
          {def.next.length ? (
            <ul className="mt-2 space-y-0.5" data-testid="map-next-stages">
              {def.next.map((n) => (
                <li key={n.outcome}>
                  {n.outcome} → starts{" "}
                  <strong>{workflowName.get(n.workflowKey) ?? (n.workflowKey || "?")}</strong>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ),
      exceptions: [
        {
          reason: "SLA_BREACH",
          when:
            sla.onBreach === "reassign"
              ? `not accepted after ${sla.maxReassignments} reassignment(s)`
              : "not accepted in time",
        },
      ],
    },
  ];

  return (
    <figure aria-label="Handoff map" data-testid="handoff-map" className="overflow-x-auto">
      <div className="grid min-w-[960px] grid-cols-[repeat(5,minmax(0,1fr))] gap-x-8">
        {stages.map((s, i) => (
          <div key={s.key} className="relative">
            <section
              aria-label={`${s.title} stage`}
              className="h-full rounded-lg bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200"
            >
              <div className="mb-2 flex items-center gap-2">
                <span className="bg-brand-600 flex h-6 w-6 items-center justify-center rounded-full text-xs font-semibold text-white">
                  {s.step}
                </span>
                <h2 className="font-semibold text-slate-900">{s.title}</h2>
              </div>
              <div className="text-slate-700">{s.body}</div>
              {s.owner ? <Owner {...s.owner} /> : null}
            </section>
            {i < stages.length - 1 ? (
              <ArrowRight
                aria-hidden
                className="absolute top-1/2 -right-7 h-6 w-6 -translate-y-1/2 text-slate-500"
              />
            ) : null}
          </div>
        ))}
        {stages.map((s) => (
          <div key={`${s.key}-x`} className="flex flex-col items-center">
            <ArrowDown
              aria-hidden
              className={cn(
                "my-1 h-5 w-5",
                s.exceptions.length ? "text-red-400" : "text-transparent",
              )}
            />
            {s.exceptions.length ? (
              <div className="w-full rounded-lg border border-dashed border-red-300 bg-red-50/60 p-3 text-xs">
                <p className="mb-1 font-semibold text-red-800">Exception path</p>
                <ul className="space-y-1">
                  {s.exceptions.map((x) => (
                    <li key={x.reason}>
                      <code className="font-semibold text-red-700">{x.reason}</code>
                      <span className="text-slate-600"> — {x.when}</span>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>
        ))}
      </div>
      <figcaption className="mt-4 text-xs text-slate-500">
        Every exception lands in the live queue with its payload, record, history and the decision
        trace, owned by the team&apos;s manager until someone acts.
      </figcaption>
    </figure>
  );
}
