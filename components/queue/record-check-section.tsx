import { Check, X } from "lucide-react";
import { Section } from "./context-sections";

type TField = {
  label: string;
  pointer: string;
  expected: string;
  actual: string | null;
  ok: boolean;
};

/** Reads the record-check parts of an exception's context (lib/destinations/record/failure.ts). */
function recordCheckOf(context: unknown) {
  const c = (context ?? {}) as Record<string, unknown>;
  const fields = Array.isArray(c.fields) ? (c.fields as TField[]) : null;
  if (!fields) return null;
  return {
    fields,
    trace: Array.isArray(c.trace) ? (c.trace as string[]) : [],
    destination: typeof c.destination === "string" ? c.destination : null,
    externalId: typeof c.externalId === "string" ? c.externalId : null,
    readBack: typeof c.readBack === "string" ? c.readBack : null,
  };
}

/**
 * A read-back mismatch or a drift: what Baton expected against what the
 * system of record holds, field by field, and the trace of the write.
 */
export function RecordCheckSection({ context }: { context: unknown }) {
  const check = recordCheckOf(context);
  if (!check) return null;
  return (
    <Section title="Expected against actual" testId="record-check">
      <p className="mb-2 text-xs text-slate-500">
        {check.destination ?? "The system of record"}
        {check.externalId ? (
          <>
            {" "}
            · record <code className="text-slate-700">{check.externalId}</code>
          </>
        ) : null}
        {check.readBack ? (
          <>
            {" "}
            · read back with <code className="text-slate-700">GET {check.readBack}</code>
          </>
        ) : null}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Expected against actual">
          <thead className="text-xs text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Field
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Expected
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Actual
              </th>
              <th scope="col" className="py-1 font-medium">
                <span className="sr-only">Match</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {check.fields.map((f) => (
              <tr key={f.pointer + f.label} className="border-t border-slate-100 align-top">
                <th scope="row" className="py-1.5 pr-3 font-medium text-slate-700">
                  {f.label}
                  <code className="block text-[11px] font-normal text-slate-400">{f.pointer}</code>
                </th>
                <td className="py-1.5 pr-3 break-all text-slate-800">{f.expected || "(empty)"}</td>
                <td
                  className={`py-1.5 pr-3 ${f.actual === null ? "whitespace-nowrap" : "break-all"} ${f.ok ? "text-slate-800" : "font-medium text-red-700"}`}
                >
                  {f.actual ?? "(missing)"}
                </td>
                <td className="py-1.5">
                  {f.ok ? (
                    <Check className="h-4 w-4 text-emerald-600" aria-label="matches" />
                  ) : (
                    <X className="h-4 w-4 text-red-600" aria-label="differs" />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {check.trace.length ? (
        <p className="mt-2 text-xs break-words text-slate-600" data-testid="record-trace">
          <span className="font-medium text-slate-500">Trace: </span>
          <code>{check.trace.join(" → ")}</code>
        </p>
      ) : null}
    </Section>
  );
}
