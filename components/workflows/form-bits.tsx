"use client";

import { useState } from "react";
import { Field, fieldAria } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";

export const inputClass =
  "mt-1 block w-full rounded-md border-0 bg-white px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600 disabled:bg-slate-50 disabled:text-slate-500 aria-[invalid=true]:ring-red-400";

/** Field errors by path ("rules.0.assign.teamId"); `err` reads the first message of one. */
export type TErrors = Record<string, string[]>;
export type TErr = (path: string) => string | undefined;

export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  disabled,
  placeholder,
  className,
  mono,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  disabled?: boolean;
  placeholder?: string;
  className?: string;
  mono?: boolean;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint} className={className}>
      <input
        id={id}
        value={value}
        disabled={disabled}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        className={cn(inputClass, mono && "font-mono text-xs")}
        {...fieldAria(id, error, !!hint)}
      />
    </Field>
  );
}

/** A number input that keeps what is typed; an empty box means "not set" (undefined). */
export function NumberField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  disabled,
  step,
  className,
}: {
  id: string;
  label: string;
  value: number | undefined | null;
  onChange: (v: number | undefined) => void;
  error?: string;
  hint?: string;
  disabled?: boolean;
  step?: string;
  className?: string;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint} className={className}>
      <input
        id={id}
        type="number"
        step={step ?? "1"}
        value={value ?? ""}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
        className={inputClass}
        {...fieldAria(id, error, !!hint)}
      />
    </Field>
  );
}

export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  error,
  hint,
  disabled,
  placeholder,
  className,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  error?: string;
  hint?: string;
  disabled?: boolean;
  placeholder?: string;
  className?: string;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint} className={className}>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        className={inputClass}
        {...fieldAria(id, error, !!hint)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Comma-separated list of strings, e.g. required fields or outcomes; keeps the text as typed. */
export function ListField(props: {
  id: string;
  label: string;
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
  hint?: string;
  disabled?: boolean;
  className?: string;
}) {
  const [text, setText] = useState(props.value.join(", "));
  return (
    <TextField
      {...props}
      mono
      value={text}
      onChange={(v) => {
        setText(v);
        props.onChange(
          v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}
