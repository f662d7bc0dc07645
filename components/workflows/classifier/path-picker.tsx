"use client";

import { X } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, fieldAria } from "@/components/ui/field";
import type { TConditionField } from "@/lib/workflows/condition-fields";
import { inputClass } from "../form-bits";

/** A datalist entry's text: the path, then where it came from and a sample. */
function optionLabel(f: TConditionField): string {
  const where =
    f.group === "record" ? "record" : f.inContract ? "contract" : `seen in ${f.seen} events`;
  return [where, f.type, f.sample ? `e.g. ${f.sample}` : null].filter(Boolean).join(" · ");
}

/**
 * Picks payload/record paths: the chosen ones as removable chips, and an
 * input that suggests the fields the condition builder offers (the record's,
 * the contract's, those seen in recent events) but takes any dotted path.
 */
export function PathPicker({
  id,
  label,
  hint,
  placeholder,
  value,
  onAdd,
  onRemove,
  fields,
  renderChip,
  error,
  disabled,
}: {
  id: string;
  label: string;
  hint?: string;
  placeholder: string;
  value: string[];
  onAdd: (path: string) => void;
  onRemove: (path: string) => void;
  fields: readonly TConditionField[];
  /** Extra controls inside a chip (a structured field's kind). */
  renderChip?: (path: string) => React.ReactNode;
  error?: string;
  disabled?: boolean;
}) {
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    const path = text.trim();
    if (!path) return;
    if (!/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/.test(path)) {
      setProblem("A dotted path of names, e.g. message or utm.source");
      return;
    }
    if (value.includes(path)) {
      setProblem(`${path} is already picked`);
      return;
    }
    onAdd(path);
    setText("");
    setProblem(null);
  };
  const offered = fields.filter((f) => f.group !== "classifier" && !value.includes(f.path));
  return (
    <Field id={id} label={label} hint={hint} error={problem ?? error}>
      <ul className="mt-1 flex flex-wrap gap-1.5" aria-label={`${label}: picked`}>
        {value.map((p) => (
          <li
            key={p}
            className="inline-flex max-w-full items-center gap-1 rounded-md bg-slate-100 py-0.5 pr-1 pl-2 text-xs text-slate-800"
          >
            <span className="truncate font-mono">{p}</span>
            {renderChip?.(p)}
            {disabled ? null : (
              <button
                type="button"
                onClick={() => onRemove(p)}
                aria-label={`Remove ${p}`}
                className="rounded p-0.5 text-slate-500 hover:bg-slate-200 hover:text-slate-800"
              >
                <X className="h-3 w-3" aria-hidden="true" />
              </button>
            )}
          </li>
        ))}
        {value.length === 0 ? <li className="text-xs text-slate-500">None yet</li> : null}
      </ul>
      {disabled ? null : (
        <div className="mt-1.5 flex gap-2">
          <input
            id={id}
            list={`${id}-fields`}
            value={text}
            placeholder={placeholder}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                add();
              }
            }}
            className={`${inputClass} mt-0 font-mono text-xs`}
            {...fieldAria(id, problem ?? error, !!hint)}
          />
          <datalist id={`${id}-fields`}>
            {offered.map((f) => (
              <option key={f.path} value={f.path} label={optionLabel(f)} />
            ))}
          </datalist>
          <Button type="button" size="sm" variant="secondary" onClick={add} className="mt-0 h-auto">
            Add
          </Button>
        </div>
      )}
    </Field>
  );
}
