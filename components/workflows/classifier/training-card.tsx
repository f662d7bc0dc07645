"use client";

import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { TActionResult } from "@/lib/server/action";
import { inputClass } from "../form-bits";
import { CsvUpload } from "./csv-upload";
import type { TTabData } from "./types";

/** Recent examples listed before "Show the newest …". */
const FIRST_SHOWN = 6;

const ORIGIN: Record<string, string> = { DECISION: "decision", IMPORT: "import", API: "import" };

/**
 * The labelled examples: how many each label has and where they came from
 * (people's decisions, or imported history), the newest ones with exclude /
 * include (a wrong label; the reason is audited), and the CSV upload.
 */
export function TrainingCard({
  workflowId,
  data,
  columns,
  blocked,
  canEdit,
  setExcluded,
}: {
  workflowId: string;
  data: TTabData["examples"];
  columns: string[];
  blocked: string | null;
  canEdit: boolean;
  setExcluded: (
    exampleId: string,
    excluded: boolean,
    reason?: string,
  ) => Promise<TActionResult<unknown>>;
}) {
  const total = data.byLabel.reduce((n, l) => n + l.count, 0);
  const [excluding, setExcluding] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [all, setAll] = useState(false);
  const shown = all ? data.recent : data.recent.slice(0, FIRST_SHOWN);
  const [pending, start] = useTransition();
  const act = (id: string, excluded: boolean, why?: string) =>
    start(async () => {
      const res = await setExcluded(id, excluded, why);
      setMessage(
        res.ok
          ? { ok: true, text: excluded ? "Excluded from training." : "Included again." }
          : { ok: false, text: res.message },
      );
      if (res.ok) {
        setExcluding(null);
        setReason("");
      }
    });

  return (
    <Card>
      <CardHeader
        title="Training data"
        description={`${total} labelled example${total === 1 ? "" : "s"} in use${
          data.excluded ? `, ${data.excluded} excluded` : ""
        }. Every decision people make on a classified case adds one.`}
      />
      <div className="space-y-5 p-5">
        {data.byLabel.length === 0 ? (
          <p className="text-sm text-slate-500">
            No examples yet: import history below, or let decisions in the queue and inbox label
            cases.
          </p>
        ) : (
          <table className="w-full text-sm tabular-nums" aria-label="Examples per label">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-2 font-medium">Label</th>
                <th className="px-2 py-1 text-right font-medium">Examples</th>
                <th className="px-2 py-1 text-right font-medium">Decisions</th>
                <th className="py-1 pl-2 text-right font-medium">Imported</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.byLabel.map((l) => (
                <tr key={l.label} data-testid="label-count">
                  <td className="py-1 pr-2 font-medium break-all text-slate-800">{l.label}</td>
                  <td className="px-2 py-1 text-right">{l.count}</td>
                  <td className="px-2 py-1 text-right text-slate-600">{l.origins.DECISION}</td>
                  <td className="py-1 pl-2 text-right text-slate-600">
                    {l.origins.IMPORT + l.origins.API}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canEdit ? <CsvUpload workflowId={workflowId} columns={columns} blocked={blocked} /> : null}
        <div>
          <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
            Recent examples
          </h3>
          {message ? (
            <p
              role={message.ok ? "status" : "alert"}
              className={message.ok ? "text-xs text-emerald-700" : "text-xs text-red-600"}
            >
              {message.text}
            </p>
          ) : null}
          {data.recent.length === 0 ? (
            <p className="mt-1 text-sm text-slate-500">None yet.</p>
          ) : (
            <>
              <ul className="mt-1 divide-y divide-slate-100" aria-label="Recent examples">
                {shown.map((e) => (
                  <li key={e.id} className="py-2" data-testid="example-row">
                    <div className="flex items-start justify-between gap-2">
                      <div className="min-w-0">
                        <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                          <Badge tone={e.excluded ? "neutral" : "blue"}>{e.label}</Badge>
                          {e.excluded ? <Badge tone="amber">Excluded</Badge> : null}
                          <span className="text-xs text-slate-500">
                            {ORIGIN[e.origin] ?? e.origin} · {e.actorLabel} ·{" "}
                            {new Date(e.createdAt).toLocaleString()}
                          </span>
                        </div>
                        <p
                          className={`mt-0.5 text-sm break-words ${e.excluded ? "text-slate-500 line-through" : "text-slate-700"}`}
                        >
                          {e.preview || <em className="text-slate-500">no text</em>}
                        </p>
                        {e.excluded && e.excludedReason ? (
                          <p className="text-xs text-slate-500">Why: {e.excludedReason}</p>
                        ) : null}
                      </div>
                      {canEdit && excluding !== e.id ? (
                        <Button
                          type="button"
                          size="sm"
                          variant="ghost"
                          className="shrink-0"
                          disabled={pending}
                          aria-label={`${e.excluded ? "Include again" : "Exclude"}: ${e.label}, ${e.preview.slice(0, 40)}`}
                          onClick={() =>
                            e.excluded ? act(e.id, false) : (setExcluding(e.id), setReason(""))
                          }
                        >
                          {e.excluded ? "Include again" : "Exclude…"}
                        </Button>
                      ) : null}
                    </div>
                    {canEdit && excluding === e.id ? (
                      <form
                        className="mt-1 flex flex-wrap items-center gap-2"
                        onSubmit={(ev) => {
                          ev.preventDefault();
                          act(e.id, true, reason);
                        }}
                      >
                        <label className="sr-only" htmlFor={`why-${e.id}`}>
                          Why exclude it
                        </label>
                        <input
                          id={`why-${e.id}`}
                          value={reason}
                          required
                          maxLength={500}
                          placeholder="Why, e.g. wrong label"
                          onChange={(ev) => setReason(ev.target.value)}
                          className={`${inputClass} mt-0 w-full sm:w-64`}
                        />
                        <Button type="submit" size="sm" variant="danger" disabled={pending}>
                          Exclude
                        </Button>
                        <Button
                          type="button"
                          size="sm"
                          variant="ghost"
                          onClick={() => setExcluding(null)}
                        >
                          Cancel
                        </Button>
                      </form>
                    ) : null}
                  </li>
                ))}
              </ul>
              {data.recent.length > FIRST_SHOWN ? (
                <Button
                  type="button"
                  size="sm"
                  variant="ghost"
                  className="-ml-2.5"
                  aria-expanded={all}
                  onClick={() => setAll(!all)}
                >
                  {all ? "Show fewer" : `Show the newest ${data.recent.length}`}
                </Button>
              ) : null}
            </>
          )}
        </div>
      </div>
    </Card>
  );
}
