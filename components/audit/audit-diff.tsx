import { diffAudit, formatValue } from "@/lib/audit/diff";

/** An entry's before/after as one line per changed field: `capacity 25 → 10`. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const lines = diffAudit(before, after);
  if (lines.length === 0)
    return <p className="text-xs text-slate-500">No field changes recorded.</p>;
  return (
    <table className="w-full text-left font-mono text-xs">
      <caption className="sr-only">Changes</caption>
      <thead className="text-slate-500">
        <tr>
          <th scope="col" className="py-1 pr-4 font-medium">
            Field
          </th>
          <th scope="col" className="py-1 pr-4 font-medium">
            Before
          </th>
          <th scope="col" className="py-1 font-medium">
            After
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.field} className="border-t border-slate-100 align-top">
            <th scope="row" className="py-1 pr-4 font-medium whitespace-nowrap text-slate-700">
              {l.field}
            </th>
            <td className="py-1 pr-4 break-all text-red-700">
              {l.kind === "added" ? (
                <span className="text-slate-500">—</span>
              ) : (
                formatValue(l.old, 400)
              )}
            </td>
            <td className="py-1 break-all text-emerald-700">
              {l.kind === "removed" ? (
                <span className="text-slate-500">—</span>
              ) : (
                formatValue(l.new, 400)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The changed fields in one short line, for a collapsed row: `capacity: 25 → 10, +1 more`. */
export function diffSummary(before: unknown, after: unknown, max = 2): string {
  const lines = diffAudit(before, after);
  if (lines.length === 0) return "";
  const shown = lines
    .slice(0, max)
    .map((l) =>
      l.kind === "changed"
        ? `${l.field}: ${formatValue(l.old, 24)} → ${formatValue(l.new, 24)}`
        : l.kind === "added"
          ? `${l.field}: ${formatValue(l.new, 24)}`
          : `${l.field} removed`,
    );
  const more = lines.length > max ? `, +${lines.length - max} more` : "";
  return shown.join(", ") + more;
}
