import { HEADLINES, type THeadline } from "@/lib/dashboard/figures";

/** The definitions of every figure, folded away under the cards. */
export function HowComputed({ tz }: { tz: string }) {
  return (
    <details className="mb-6 rounded-lg bg-white px-5 py-3 text-sm shadow-sm ring-1 ring-slate-200">
      <summary className="cursor-pointer font-medium text-slate-700">How this is computed</summary>
      <p className="mt-2 text-slate-600">
        Days are calendar days in <strong>{tz}</strong>: a day ends at local midnight, and today
        counts up to now. Each figure is compared with the previous period of the same length (the
        same number of days just before). Green means better, red worse. Percentiles are
        nearest-rank over the most recent 20,000 items at most. Links open the queue filtered to the
        items behind a figure; the queue has no date filter, so they show all such items, not only
        this period&apos;s.
      </p>
      <dl className="mt-3 grid gap-x-6 gap-y-2 md:grid-cols-2">
        {(Object.keys(HEADLINES) as THeadline[]).map((k) => (
          <div key={k}>
            <dt className="font-medium text-slate-800">{HEADLINES[k].label}</dt>
            <dd className="text-slate-600">{HEADLINES[k].how}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
