"use client";

import { useId, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/time";
import type { TActionResult } from "@/lib/server/action";
import { FormStatus, inputClass, savedText, useActionForm } from "@/components/ui/action-form";
import type { TUpdateSourceAction } from "./source-settings-form";

export type TContractCheckView = {
  checked: number;
  failing: number;
  newlyFailing: number;
  failures: {
    eventId: string;
    receivedAt: string;
    failsToday: boolean;
    issues: { path: string; message: string }[];
  }[];
};
export type TCheckContractAction = (input: {
  sourceKey: string;
  contract: string;
  limit: string;
}) => Promise<TActionResult<TContractCheckView>>;

function jsonError(text: string): string | undefined {
  if (!text.trim()) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return `Not valid JSON: ${(e as Error).message}`;
  }
}

const SHOWN = 50;

function CheckResult({ result }: { result: TContractCheckView }) {
  if (result.checked === 0) {
    return <p className="text-sm text-slate-600">This source has no events to check yet.</p>;
  }
  if (result.failing === 0) {
    return (
      <p role="status" className="text-sm text-emerald-700">
        All {result.checked} recent events pass this contract.
      </p>
    );
  }
  return (
    <div data-testid="contract-check-result">
      <p role="status" className="text-sm text-slate-800">
        <strong className="text-red-700">
          {result.failing} of {result.checked}
        </strong>{" "}
        recent events would fail this contract
        {result.newlyFailing < result.failing
          ? ` (${result.newlyFailing} of them pass the contract in force today)`
          : ""}
        .
      </p>
      <ul
        aria-label="Events that would fail"
        className="mt-3 max-h-[28rem] divide-y divide-slate-100 overflow-y-auto rounded-md px-3 text-sm ring-1 ring-slate-200"
      >
        {result.failures.slice(0, SHOWN).map((f) => (
          <li key={f.eventId} className="py-2">
            <div className="flex flex-wrap items-center gap-2">
              <a
                href={`/api/v1/events/${f.eventId}`}
                className="text-brand-700 font-mono text-xs hover:underline"
              >
                {f.eventId}
              </a>
              <span className="text-xs text-slate-500">{formatDateTime(f.receivedAt)}</span>
              {f.failsToday ? (
                <Badge>Already fails today</Badge>
              ) : (
                <Badge tone="red">Newly failing</Badge>
              )}
            </div>
            <ul className="mt-1 space-y-0.5">
              {f.issues.map((i, n) => (
                <li key={n} className="text-xs text-slate-700">
                  <code className="rounded bg-slate-100 px-1 py-0.5 font-mono">
                    {i.path || "(payload)"}
                  </code>{" "}
                  {i.message}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {result.failing > SHOWN ? (
        <p className="mt-2 text-xs text-slate-500">
          Showing the newest {SHOWN}; the REST API lists all of them.
        </p>
      ) : null}
    </div>
  );
}

/**
 * The source's JSON Schema contract: edit, try it on the last N events
 * (which would now fail, and where), then save. Read-only without actions.
 */
export function ContractEditor({
  sourceKey,
  contract,
  actions,
}: {
  sourceKey: string;
  contract: unknown;
  actions?: { update: TUpdateSourceAction; check: TCheckContractAction };
}) {
  const id = useId();
  const [text, setText] = useState(contract ? JSON.stringify(contract, null, 2) : "");
  const [limit, setLimit] = useState("200");
  const [jsonErr, setJsonErr] = useState<string>();
  const [saved, setSaved] = useState<string | null>(null);
  const save = useActionForm(actions?.update);
  const check = useActionForm(actions?.check);
  const contractError = jsonErr ?? check.fieldError("contract") ?? save.fieldError("contract");

  return (
    <Card>
      <CardHeader
        title="Contract"
        description="A JSON Schema every payload must satisfy. Events that break it become contract-violation exceptions instead of being routed. Empty: any JSON object."
      />
      <div className="space-y-4 p-5">
        <Field
          id={`${id}-contract`}
          label="JSON Schema"
          hint="Supported: type, properties, required, additionalProperties, items, enum, const, length, pattern, minimum/maximum, format: email."
          error={contractError}
        >
          <textarea
            id={`${id}-contract`}
            rows={16}
            spellCheck={false}
            readOnly={!actions}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setSaved(null);
            }}
            onBlur={() => setJsonErr(jsonError(text))}
            className={`${inputClass} font-mono text-xs leading-5`}
            {...fieldAria(`${id}-contract`, contractError, true)}
          />
        </Field>
        {actions ? (
          <div className="flex flex-wrap items-end gap-3">
            <Field
              id={`${id}-limit`}
              label="Events to check"
              error={check.fieldError("limit")}
              className="w-36"
            >
              <input
                id={`${id}-limit`}
                type="number"
                min={1}
                max={2000}
                value={limit}
                onChange={(e) => setLimit(e.target.value)}
                className={inputClass}
                {...fieldAria(`${id}-limit`, check.fieldError("limit"))}
              />
            </Field>
            <Button
              type="button"
              variant="secondary"
              disabled={check.pending}
              onClick={() => {
                save.reset();
                check.run({ sourceKey, contract: text, limit });
              }}
            >
              {check.pending ? "Checking…" : "Check against recent events"}
            </Button>
            <Button
              type="button"
              disabled={save.pending}
              onClick={() => {
                setSaved(null);
                save.run({ sourceKey, contract: text }, (d) =>
                  setSaved(d.changed.length ? "Contract saved." : savedText([])),
                );
              }}
            >
              {save.pending ? "Saving…" : "Save contract"}
            </Button>
            <FormStatus error={save.formError} ok={saved} />
          </div>
        ) : null}
        {check.result?.ok ? <CheckResult result={check.result.data} /> : null}
        {check.result && !check.result.ok && !check.result.fieldErrors ? (
          <FormStatus error={check.result.message} />
        ) : null}
      </div>
    </Card>
  );
}
