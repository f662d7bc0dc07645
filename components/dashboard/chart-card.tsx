import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";

/**
 * A chart with its title, a description for screen readers and people alike,
 * and the plain numbers beside it (the chart is never the only way to read them).
 */
export function ChartCard({
  id,
  title,
  description,
  summary,
  children,
}: {
  id: string;
  title: string;
  description: string;
  summary: { label: string; value: string; href?: string }[];
  children: ReactNode;
}) {
  return (
    <Card className="min-w-0">
      <figure aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} className="m-0">
        <div className="border-b border-slate-100 px-5 py-3">
          <h2 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
            {title}
          </h2>
          <p id={`${id}-desc`} className="mt-0.5 text-xs text-slate-500">
            {description}
          </p>
        </div>
        <div className="grid grid-cols-1 gap-4 p-4 md:grid-cols-[minmax(0,1fr)_11rem]">
          <div className="min-w-0">{children}</div>
          <dl className="grid content-start gap-2.5 text-sm">
            {summary.map((s) => (
              <div key={s.label}>
                <dt className="text-xs text-slate-500">{s.label}</dt>
                <dd className="font-semibold text-slate-900 tabular-nums">
                  {s.href ? (
                    <a
                      href={s.href}
                      className="hover:text-brand-700 underline-offset-2 hover:underline"
                    >
                      {s.value}
                    </a>
                  ) : (
                    s.value
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      </figure>
    </Card>
  );
}
