import { diffAudit, formatValue } from "@/lib/audit/diff";

/** A value as shown: an id the page knows the name of reads as that name. */
function shown(value: unknown, max: number, names: Record<string, string>) {
  return typeof value === "string" && Object.hasOwn(names, value)
    ? names[value]
    : formatValue(value, max);
}

/** An entry's before/after as one line per changed field: `capacity 25 → 10`. */
export function AuditDiff({
  before,
  after,
  names = {},
}: {
  before: unknown;
  after: unknown;
  /** Ids (owners, teams) with their names. */
  names?: Record<string, string>;
}) {
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
                shown(l.old, 400, names)
              )}
            </td>
            <td className="py-1 break-all text-emerald-700">
              {l.kind === "removed" ? (
                <span className="text-slate-500">—</span>
              ) : (
                shown(l.new, 400, names)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The changed fields in one short line, for a collapsed row: `capacity: 25 → 10, +1 more`. */
export function diffSummary(
  before: unknown,
  after: unknown,
  max = 2,
  names: Record<string, string> = {},
): string {
  const lines = diffAudit(before, after);
  if (lines.length === 0) return "";
  const parts = lines
    .slice(0, max)
    .map((l) =>
      l.kind === "changed"
        ? `${l.field}: ${shown(l.old, 24, names)} → ${shown(l.new, 24, names)}`
        : l.kind === "added"
          ? `${l.field}: ${shown(l.new, 24, names)}`
          : `${l.field} removed`,
    );
  const more = lines.length > max ? `, +${lines.length - max} more` : "";
  return parts.join(", ") + more;
}
