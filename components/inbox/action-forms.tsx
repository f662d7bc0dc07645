"use client";

import { useEffect, useRef, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Field, fieldAria } from "@/components/ui/field";

const control =
  "mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-500 aria-invalid:ring-red-400";

type TErrors = Record<string, string[]>;

function FormShell({
  label,
  submit,
  pending,
  onSubmit,
  onCancel,
  errors,
  children,
}: {
  label: string;
  submit: string;
  pending: boolean;
  onSubmit: (fd: FormData) => void;
  onCancel: () => void;
  errors: TErrors;
  children: ReactNode;
}) {
  const form = useRef<HTMLFormElement>(null);
  // Move focus to the first field the server refused, so its message is read out.
  useEffect(() => {
    form.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  }, [errors]);
  return (
    <form
      ref={form}
      aria-label={label}
      noValidate
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        onSubmit(new FormData(e.currentTarget));
      }}
      className="mt-3 space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200"
    >
      {children}
      <div className="flex items-center gap-2">
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? "Saving…" : submit}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

const first = (errors: TErrors, key: string) => errors[key]?.[0];

/** Record outcome: one of the workflow's outcomes and an optional note. */
export function OutcomeForm({
  outcomes,
  pending,
  errors,
  onSubmit,
  onCancel,
}: {
  outcomes: string[];
  pending: boolean;
  errors: TErrors;
  onSubmit: (v: { outcome: string; note?: string }) => void;
  onCancel: () => void;
}) {
  const outcomeError = first(errors, "outcome");
  const noteError = first(errors, "note");
  return (
    <FormShell
      label="Record outcome"
      submit="Save outcome"
      pending={pending}
      errors={errors}
      onCancel={onCancel}
      onSubmit={(fd) => {
        const note = String(fd.get("note") ?? "").trim();
        onSubmit({ outcome: String(fd.get("outcome") ?? ""), ...(note ? { note } : {}) });
      }}
    >
      <Field id="handoff-outcome" label="Outcome" error={outcomeError}>
        <select
          id="handoff-outcome"
          name="outcome"
          defaultValue=""
          autoFocus
          className={`${control} bg-white`}
          {...fieldAria("handoff-outcome", outcomeError)}
        >
          <option value="" disabled>
            Choose an outcome…
          </option>
          {outcomes.map((o) => (
            <option key={o} value={o}>
              {o.replaceAll("_", " ")}
            </option>
          ))}
        </select>
      </Field>
      <Field id="handoff-outcome-note" label="Note (optional)" error={noteError}>
        <textarea
          id="handoff-outcome-note"
          name="note"
          rows={2}
          maxLength={2000}
          className={control}
          {...fieldAria("handoff-outcome-note", noteError)}
        />
      </Field>
    </FormShell>
  );
}

/** One required text: the reason to hand back, or the question for the manager. */
export function TextActionForm({
  label,
  field,
  fieldLabel,
  hint,
  submit,
  pending,
  errors,
  onSubmit,
  onCancel,
}: {
  label: string;
  field: "reason" | "note";
  fieldLabel: string;
  hint: string;
  submit: string;
  pending: boolean;
  errors: TErrors;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}) {
  const id = `handoff-${label.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  const error = first(errors, field);
  return (
    <FormShell
      label={label}
      submit={submit}
      pending={pending}
      errors={errors}
      onCancel={onCancel}
      onSubmit={(fd) => onSubmit(String(fd.get(field) ?? ""))}
    >
      <Field id={id} label={fieldLabel} hint={hint} error={error}>
        <textarea
          id={id}
          name={field}
          rows={3}
          required
          maxLength={2000}
          autoFocus
          className={control}
          {...fieldAria(id, error, true)}
        />
      </Field>
    </FormShell>
  );
}
