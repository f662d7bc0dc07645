"use client";

import { useMemo, useState } from "react";
import {
  defaultOperators,
  formatQuery,
  QueryBuilder,
  type RuleGroupType,
} from "react-querybuilder";
import { parseJsonLogic } from "react-querybuilder/parseJsonLogic";
import "react-querybuilder/dist/query-builder-layout.css";
import { cn } from "@/components/ui/cn";
import { describeCondition } from "@/lib/rules/describe-condition";
import { collectVars } from "@/lib/rules/json-logic";
import type { TConditionField } from "@/lib/workflows/condition-fields";
import { inputClass } from "./form-bits";

type TLogic = Record<string, unknown>;
type TFieldOption = {
  name: string;
  value: string;
  label: string;
  inputType?: string;
  valueEditorType?: "checkbox";
};

/** Only operators whose json-logic form the engine evaluates (no startsWith/endsWith extensions). */
const OPERATORS = defaultOperators.filter((o) =>
  [
    "=",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "contains",
    "doesNotContain",
    "in",
    "notIn",
    "between",
    "notBetween",
    "null",
    "notNull",
  ].includes(o.name),
);

const EMPTY: RuleGroupType = { combinator: "and", rules: [] };

const select =
  "max-w-full rounded-md border-0 bg-white px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset";
const button =
  "rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50";

/**
 * The json-logic for a builder query; an empty query means "always" (null).
 * A lone condition is stored bare ({"==": …}, not {"and": [{"==": …}]}), as
 * people write it and as parseJsonLogic reads it back.
 */
function toLogic(q: RuleGroupType): TLogic | null {
  if (q.rules.length === 0) return null;
  const out = formatQuery(q, { format: "jsonlogic", parseNumbers: true });
  if (!out || typeof out !== "object") return null;
  const logic = out as TLogic;
  const only = Object.keys(logic).length === 1 && Array.isArray(logic.and) ? logic.and : null;
  return only && only.length === 1 && only[0] && typeof only[0] === "object"
    ? (only[0] as TLogic)
    : logic;
}

/** Whether the builder can show this expression without changing it. */
function builderCanShow(value: TLogic | null): RuleGroupType | null {
  if (value === null) return EMPTY;
  try {
    const q = parseJsonLogic(value as Parameters<typeof parseJsonLogic>[0]);
    return JSON.stringify(toLogic(q)) === JSON.stringify(value) ? q : null;
  } catch {
    return null;
  }
}

/** Where a payload field comes from, for its option: "contract · seen in 12 of 200 recent events". */
function provenance(f: TConditionField, eventsRead: number): string {
  const seen =
    f.seen > 0
      ? `seen in ${f.seen} of ${eventsRead} recent events`
      : eventsRead > 0
        ? "not in recent events"
        : "";
  return [f.inContract ? "contract" : "", seen].filter(Boolean).join(" · ");
}

function fieldOption(f: TConditionField, eventsRead: number): TFieldOption {
  const numeric = f.type === "number" || f.type === "integer";
  const details =
    f.group === "payload"
      ? [provenance(f, eventsRead), f.type, f.sample ? `e.g. ${f.sample}` : ""]
      : f.group === "classifier"
        ? ["the classifier's prediction", f.sample ?? ""]
        : [];
  const text = details.filter(Boolean).join(" · ");
  return {
    name: f.path,
    value: f.path,
    label: text ? `${f.path} — ${text}` : f.path,
    ...(numeric ? { inputType: "number" } : {}),
    ...(f.type === "boolean" ? { valueEditorType: "checkbox" as const } : {}),
  };
}

/**
 * The builder's field picker, grouped: the payload's fields (from the
 * source's contract and its recent events), the canonical record's, and any
 * other field the condition already reads, so opening it changes nothing.
 */
function fieldGroups(fields: readonly TConditionField[], eventsRead: number, value: TLogic | null) {
  const names = new Set(fields.map((f) => f.path));
  const extra = collectVars(value).filter((n) => !names.has(n));
  const of = (group: TConditionField["group"]) =>
    fields.filter((f) => f.group === group).map((f) => fieldOption(f, eventsRead));
  return [
    { label: "Classifier", options: of("classifier") },
    { label: "Payload", options: of("payload") },
    { label: "Record", options: of("record") },
    {
      label: "In this condition",
      options: extra.map((name) => ({ name, value: name, label: name })),
    },
  ].filter((g) => g.options.length > 0);
}

/**
 * A condition edited with react-querybuilder and stored as the json-logic the
 * engine evaluates (formatQuery → jsonlogic; read back with parseJsonLogic).
 * An expression the builder cannot show as is opens in the JSON view, so
 * nothing is silently rewritten.
 */
export function ConditionBuilder({
  id,
  label,
  value,
  onChange,
  fields,
  eventsRead,
  disabled,
  error,
}: {
  id: string;
  label: string;
  value: TLogic | null;
  onChange: (v: TLogic | null) => void;
  /** The fields to offer (lib/workflows/condition-fields.ts), computed on the server. */
  fields: readonly TConditionField[];
  /** How many recent events the payload fields were read from. */
  eventsRead: number;
  disabled?: boolean;
  error?: string;
}) {
  const initial = useMemo(() => builderCanShow(value), []); // eslint-disable-line react-hooks/exhaustive-deps
  const [mode, setMode] = useState<"builder" | "json">(initial ? "builder" : "json");
  const [query, setQuery] = useState<RuleGroupType>(initial ?? EMPTY);
  const [json, setJson] = useState(value ? JSON.stringify(value, null, 2) : "");
  const [jsonError, setJsonError] = useState<string | null>(null);

  const fieldOptions = useMemo(
    () => fieldGroups(fields, eventsRead, value),
    [fields, eventsRead, value],
  );
  const fromContract = fields.filter((f) => f.inContract).length;
  const fromEvents = fields.filter((f) => f.group === "payload" && f.seen > 0).length;

  const switchTo = (next: "builder" | "json") => {
    if (next === "json") setJson(value ? JSON.stringify(value, null, 2) : "");
    if (next === "builder") {
      const q = builderCanShow(value);
      if (!q) {
        setJsonError("The builder cannot show this condition; keep editing it as JSON.");
        return;
      }
      setQuery(q);
    }
    setJsonError(null);
    setMode(next);
  };

  return (
    <div id={id} role="group" aria-label={label} className="min-w-0">
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-medium text-slate-600">{label}</span>
        <div className="flex gap-1 text-xs" role="tablist" aria-label={`${label} editor`}>
          {(["builder", "json"] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={mode === m}
              onClick={() => switchTo(m)}
              className={cn(
                "rounded px-2 py-0.5",
                mode === m ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100",
              )}
            >
              {m === "builder" ? "Builder" : "JSON"}
            </button>
          ))}
        </div>
      </div>
      {mode === "builder" ? (
        <div className="mt-1 rounded-md bg-slate-50 p-2 ring-1 ring-slate-200">
          <QueryBuilder
            fields={fieldOptions}
            operators={OPERATORS}
            query={query}
            disabled={disabled}
            enableMountQueryChange={false}
            onQueryChange={(q) => {
              setQuery(q);
              onChange(toLogic(q));
            }}
            translations={{
              addRule: { label: "Add condition", title: "Add condition" },
              addGroup: { label: "Add group", title: "Add group" },
              removeRule: { label: "Remove", title: "Remove condition" },
              removeGroup: { label: "Remove group", title: "Remove group" },
            }}
            controlClassnames={{
              ruleGroup: "space-y-2 rounded-md border border-slate-200 bg-white p-2",
              header: "flex flex-wrap items-center gap-2",
              body: "space-y-2",
              rule: "flex flex-wrap items-center gap-2",
              combinators: select,
              fields: select,
              operators: select,
              value: `${select} min-w-32`,
              addRule: button,
              addGroup: button,
              removeRule: `${button} text-red-700`,
              removeGroup: `${button} text-red-700`,
            }}
          />
          <p className="mt-2 text-xs text-slate-500">
            {query.rules.length === 0
              ? "No condition: matches every event."
              : `Reads: ${describeCondition(value)}`}
          </p>
          <p className="mt-1 text-xs text-slate-400" data-testid="field-sources">
            Payload fields: {fromContract} from the source&apos;s contract,{" "}
            {eventsRead > 0
              ? `${fromEvents} seen in its last ${eventsRead} events.`
              : "none seen yet (the source has no events)."}
          </p>
        </div>
      ) : (
        <textarea
          aria-label={`${label} (json-logic)`}
          value={json}
          disabled={disabled}
          rows={5}
          onChange={(e) => {
            setJson(e.target.value);
            if (e.target.value.trim() === "") {
              setJsonError(null);
              onChange(null);
              return;
            }
            try {
              const parsed: unknown = JSON.parse(e.target.value);
              if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
                throw new Error(
                  'A condition is a JSON object, e.g. {"==": [{"var": "country"}, "DE"]}',
                );
              setJsonError(null);
              onChange(parsed as TLogic);
            } catch (err) {
              setJsonError((err as Error).message);
            }
          }}
          className={cn(inputClass, "font-mono text-xs")}
          aria-invalid={!!(jsonError || error)}
        />
      )}
      {jsonError ? <p className="mt-1 text-xs text-red-600">{jsonError}</p> : null}
      {error ? <p className="mt-1 text-xs text-red-600">{error}</p> : null}
    </div>
  );
}
