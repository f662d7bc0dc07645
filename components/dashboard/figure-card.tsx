import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { HEADLINES, type TCompared, type THeadline } from "@/lib/dashboard/figures";
import { formatChange, formatFigure } from "@/lib/dashboard/format";

const toneClass = {
  good: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  bad: "bg-red-50 text-red-700 ring-red-200",
  neutral: "bg-slate-100 text-slate-600 ring-slate-200",
};

/** One headline figure: value, previous value and the change, coloured by whether it is better. */
export function FigureCard({
  figure,
  compared,
  href,
  linkLabel,
  testId,
}: {
  figure: THeadline;
  compared: TCompared;
  href: string;
  linkLabel: string;
  testId?: string;
}) {
  const h = HEADLINES[figure];
  const { tone, change } = compared.delta;
  return (
    <Link
      href={href}
      data-testid={testId}
      className="hover:ring-brand-500 group flex flex-col rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <span className="text-sm text-slate-500">{h.label}</span>
      <span className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">
        {formatFigure(h.kind, compared.value)}
      </span>
      <span className="mt-1.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
        <span
          className={cn(
            "rounded-full px-1.5 py-0.5 font-medium whitespace-nowrap ring-1 ring-inset",
            toneClass[tone],
          )}
          title={tone === "neutral" ? undefined : tone === "good" ? "Better" : "Worse"}
        >
          {formatChange(h.kind, change)}
        </span>
        <span className="whitespace-nowrap">was {formatFigure(h.kind, compared.previous)}</span>
      </span>
      <span className="group-hover:text-brand-700 mt-2 text-xs text-slate-500">{linkLabel} →</span>
    </Link>
  );
}
