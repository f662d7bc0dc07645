"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { TTestRun } from "@/lib/workflows/test-run";
import { inputClass } from "./form-bits";
import { TraceView } from "./trace-view";
import type { TDef } from "./types";

type TRunResult =
  | { ok: true; data: TTestRun }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/** Paste a payload, run the draft on it as the engine would, read the trace. Writes nothing. */
export function TestTab({
  def,
  samplePayload,
  run,
  names,
  canEdit,
}: {
  def: TDef;
  samplePayload: string | null;
  run: (input: { payload: Record<string, unknown>; definition: TDef }) => Promise<TRunResult>;
  names: (id: string) => string;
  canEdit: boolean;
}) {
  const [text, setText] = useState(() => {
    try {
      return samplePayload
        ? JSON.stringify(JSON.parse(samplePayload), null, 2)
        : '{\n  "email": "jane@example.com"\n}';
    } catch {
      return "{}";
    }
  });
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<TTestRun | null>(null);
  const [pending, start] = useTransition();

  const submit = () => {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (e) {
      setError(`Not valid JSON: ${(e as Error).message}`);
      return;
    }
    if (!payload || typeof payload !== "object" || Array.isArray(payload)) {
      setError("The payload must be a JSON object.");
      return;
    }
    setError(null);
    start(async () => {
      const res = await run({ payload: payload as Record<string, unknown>, definition: def });
      if (res.ok) setResult(res.data);
      else {
        setResult(null);
        const fields = res.fieldErrors
          ? Object.entries(res.fieldErrors).map(
              ([k, v]) => `${k.replace(/^definition\./, "")}: ${v[0]}`,
            )
          : [];
        setError([res.message, ...fields.slice(0, 5)].join(" · "));
      }
    });
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
      <Card>
        <CardHeader
          title="Sample payload"
          description="As the source would send it. Runs the draft as shown here, saved or not."
        />
        <div className="p-5">
          <label htmlFor="test-payload" className="text-xs font-medium text-slate-600">
            Payload (JSON)
          </label>
          <textarea
            id="test-payload"
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={16}
            spellCheck={false}
            className={`${inputClass} font-mono text-xs`}
            aria-invalid={!!error}
            aria-describedby={error ? "test-error" : undefined}
          />
          {error ? (
            <p id="test-error" role="alert" className="mt-2 text-sm text-red-600">
              {error}
            </p>
          ) : null}
          <Button className="mt-3" onClick={submit} disabled={pending || !canEdit} type="button">
            {pending ? "Running…" : "Run test"}
          </Button>
          {!canEdit ? (
            <p className="mt-2 text-xs text-slate-500">Only admins can run tests.</p>
          ) : null}
        </div>
      </Card>
      <Card>
        <CardHeader
          title="Decision trace"
          description="Exactly what the engine would do now, with today's team, load and round-robin turn. Nothing is written."
        />
        <div className="p-5">
          {result ? (
            <TraceView run={result} names={names} />
          ) : (
            <p className="text-sm text-slate-500">Run a test to see the trace.</p>
          )}
        </div>
      </Card>
    </div>
  );
}
