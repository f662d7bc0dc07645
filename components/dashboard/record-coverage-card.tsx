import Link from "next/link";
import type { TCoverageFigure } from "@/lib/dashboard/store/record-coverage";

const pct = (f: TCoverageFigure) => (f.rate === null ? "—" : `${(f.rate * 100).toFixed(1)}%`);

/**
 * Reconciliation coverage: the share of inbound events written to a system
 * of record whose record was confirmed downstream within 1 h and 24 h, each
 * with a link to the events that were not.
 */
export function RecordCoverageCard({
  within1h,
  within24h,
  hrefs,
}: {
  within1h: TCoverageFigure;
  within24h: TCoverageFigure;
  hrefs: { "1h": string; "24h": string };
}) {
  const rows = [
    ["1h", "within 1 hour", within1h],
    ["24h", "within 24 hours", within24h],
  ] as const;
  return (
    <section
      aria-label="Reconciliation coverage"
      data-testid="record-coverage"
      className="mb-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <h2 className="text-sm text-slate-500">Reconciliation coverage</h2>
      <p className="mt-0.5 text-xs text-slate-500">
        Inbound events written to a system of record whose record was confirmed there (read back or
        reconciled). Events younger than the window are not counted yet.
      </p>
      <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2">
        {rows.map(([key, label, f]) => (
          <div key={key} className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
            <span
              className="text-2xl font-semibold text-slate-900 tabular-nums"
              data-testid={`coverage-${key}`}
            >
              {pct(f)}
            </span>
            <span className="text-sm text-slate-600">
              {label} · {f.confirmed.toLocaleString("en")} of {f.counted.toLocaleString("en")}
            </span>
            {f.counted > f.confirmed ? (
              <Link href={hrefs[key]} className="text-brand-700 text-sm font-medium">
                {(f.counted - f.confirmed).toLocaleString("en")} not confirmed →
              </Link>
            ) : null}
          </div>
        ))}
      </div>
    </section>
  );
}
