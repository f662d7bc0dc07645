"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

type TRowError = { line: number; field: string; message: string };
type TResult =
  | { ok: true; imported: number; skipped: TRowError[] }
  | { ok: false; message: string; rows: TRowError[] };

/** Rows listed under a failed upload; the rest are counted. */
const ROWS_SHOWN = 50;

/**
 * Uploads labelled history from a CSV file through the REST import
 * (POST …/classifier/examples, text/csv): every row is checked and a bad row
 * is reported by its line in the file. By default one bad row imports
 * nothing; "skip bad rows" imports the rest and lists what was skipped.
 */
export function CsvUpload({
  workflowId,
  columns,
  blocked,
}: {
  workflowId: string;
  /** The columns the saved classifier reads, for the hint. */
  columns: string[];
  /** Why uploading cannot happen now (unsaved edits, no saved classifier), or null. */
  blocked: string | null;
}) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TResult | null>(null);

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setResult(null);
    try {
      const res = await fetch(
        `/api/v1/workflows/${encodeURIComponent(workflowId)}/classifier/examples?skipInvalid=${skipInvalid}`,
        { method: "POST", headers: { "content-type": "text/csv" }, body: file },
      );
      const body = (await res.json().catch(() => ({}))) as {
        imported?: number;
        skipped?: TRowError[];
        detail?: string;
        rows?: TRowError[];
      };
      if (res.ok) {
        setResult({ ok: true, imported: body.imported ?? 0, skipped: body.skipped ?? [] });
        setFile(null);
        if (input.current) input.current.value = "";
        router.refresh();
      } else {
        setResult({
          ok: false,
          message: body.detail ?? `The upload failed (${res.status}).`,
          rows: body.rows ?? [],
        });
      }
    } catch {
      setResult({ ok: false, message: "Could not reach the server; try again.", rows: [] });
    } finally {
      setBusy(false);
    }
  };

  const rows = result ? (result.ok ? result.skipped : result.rows) : [];
  return (
    <div className="space-y-3" data-testid="csv-upload">
      <Field
        id="clf-csv"
        label="Import labelled history (CSV)"
        hint={`A header row, then one case per row: ${["label", ...columns].join(", ")}. Up to 50,000 rows.`}
      >
        <input
          ref={input}
          id="clf-csv"
          type="file"
          accept=".csv,text/csv"
          disabled={!!blocked || busy}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setResult(null);
          }}
          aria-describedby="clf-csv-hint"
          className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-200"
        />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={skipInvalid}
            disabled={!!blocked || busy}
            onChange={(e) => setSkipInvalid(e.target.checked)}
          />
          Skip bad rows (import the rest)
        </label>
        <Button type="button" size="sm" disabled={!file || !!blocked || busy} onClick={upload}>
          {busy ? "Uploading…" : "Upload"}
        </Button>
      </div>
      {blocked ? <p className="text-xs text-amber-700">{blocked}</p> : null}
      {result ? (
        <div
          role={result.ok ? "status" : "alert"}
          data-testid="csv-result"
          className={
            result.ok
              ? "rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
              : "rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
          }
        >
          <p>
            {result.ok
              ? `Imported ${result.imported} example${result.imported === 1 ? "" : "s"}${
                  result.skipped.length ? `; skipped ${result.skipped.length} problem(s):` : "."
                }`
              : result.message}
          </p>
          {rows.length ? (
            <ul className="mt-1 space-y-0.5 text-xs" aria-label="Rows with problems">
              {rows.slice(0, ROWS_SHOWN).map((r, i) => (
                <li key={`${r.line}-${r.field}-${i}`} data-testid="csv-row-error">
                  <span className="font-semibold">Line {r.line}</span>
                  {r.field && r.field !== "row" ? (
                    <>
                      , <span className="font-mono">{r.field}</span>
                    </>
                  ) : null}
                  : {r.message}
                </li>
              ))}
              {rows.length > ROWS_SHOWN ? <li>…and {rows.length - ROWS_SHOWN} more.</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
