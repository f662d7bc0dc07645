import { Badge, type TTone } from "@/components/ui/badge";
import { describeCondition } from "@/lib/rules/describe-condition";
import { formatValue } from "@/lib/rules/field-path";
import type { TDiffEntry } from "@/lib/workflows/diff";

const KIND: Record<TDiffEntry["kind"], [string, TTone]> = {
  rule_added: ["rule added", "green"],
  rule_removed: ["rule removed", "red"],
  rule_moved: ["rule moved", "violet"],
  added: ["added", "green"],
  removed: ["removed", "red"],
  changed: ["changed", "blue"],
};

function show(path: string, v: unknown) {
  return /(^|\.)(when|filter)$/.test(path) ? describeCondition(v ?? null) : formatValue(v);
}

/** A diff as a list: what changed, where, old → new. */
export function DiffList({ changes }: { changes: TDiffEntry[] }) {
  if (changes.length === 0) return <p className="text-sm text-slate-500">No differences.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" aria-label="Changes" data-testid="diff-list">
      {changes.map((c, i) => (
        <li key={i} className="flex flex-wrap items-baseline gap-2 py-2">
          <Badge tone={KIND[c.kind][1]}>{KIND[c.kind][0]}</Badge>
          <code className="text-xs text-slate-700">{c.path}</code>
          {c.kind === "rule_added" || c.kind === "rule_removed" ? (
            <span className="text-slate-700">
              “{c.ruleName}” at position {c.position}
            </span>
          ) : c.kind === "rule_moved" ? (
            <span className="text-slate-700">
              “{c.ruleName}” from {c.from} to {c.to}
            </span>
          ) : (
            <span className="text-slate-700">
              {c.kind !== "added" ? (
                <span className="text-red-700 line-through">{show(c.path, c.old)}</span>
              ) : null}
              {c.kind === "changed" ? " → " : null}
              {c.kind !== "removed" ? (
                <span className="text-emerald-700">{show(c.path, c.new)}</span>
              ) : null}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
