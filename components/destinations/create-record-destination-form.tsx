"use client";

import { useId } from "react";
import { FormStatus, inputClass, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Field, fieldAria } from "@/components/ui/field";
import type { TActionResult } from "@/lib/server/action";

export type TCreateRecordDestinationAction = (
  input: FormData,
) => Promise<TActionResult<{ key: string; name: string }>>;

/**
 * "Add system of record": a CRM or helpdesk API that record actions write
 * to. The auth header's value goes to the server once and is sealed there;
 * the page never shows it again.
 */
export function CreateRecordDestinationForm({
  action,
  onCreated,
  onCancel,
}: {
  action: TCreateRecordDestinationAction;
  onCreated: (d: { key: string; name: string }) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const form = useActionForm(action);
  const text = (
    name: string,
    label: string,
    opts: { hint?: string; placeholder?: string; type?: string; defaultValue?: string } = {},
  ) => (
    <Field id={`${id}-${name}`} label={label} hint={opts.hint} error={form.fieldError(name)}>
      <input
        id={`${id}-${name}`}
        name={name}
        type={opts.type ?? "text"}
        placeholder={opts.placeholder}
        defaultValue={opts.defaultValue}
        autoComplete="off"
        className={inputClass}
        {...fieldAria(`${id}-${name}`, form.fieldError(name), !!opts.hint)}
      />
    </Field>
  );
  return (
    <form
      aria-label="Add system of record"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        form.run(new FormData(e.currentTarget), onCreated);
      }}
      className="mb-6 grid grid-cols-1 gap-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:grid-cols-3"
    >
      <div className="sm:col-span-3">
        <h2 className="text-sm font-semibold text-slate-900">Add system of record</h2>
        <p className="mt-0.5 text-xs text-slate-500">
          A CRM or helpdesk API. Record actions create or update the record there, read it back to
          verify, and reconciliation compares it later.
        </p>
      </div>
      {text("key", "Key", { hint: "Record actions name it: lowercase letters, digits, dashes." })}
      {text("name", "Name", { placeholder: "HubSpot CRM" })}
      {text("url", "Base URL", {
        placeholder: "https://api.crm.example/v3",
        hint: "Action paths are added to it.",
      })}
      {text("authHeaderName", "Auth header", { defaultValue: "Authorization" })}
      <div className="sm:col-span-2">
        {text("authHeaderValue", "Auth header value", {
          type: "password",
          placeholder: "Bearer …",
          hint: "Stored encrypted; never shown again. Leave blank for an API without one.",
        })}
      </div>
      <Field
        id={`${id}-reconcileEnabled`}
        label="Reconciliation"
        error={form.fieldError("reconcileEnabled")}
      >
        <label className="mt-2 flex items-center gap-2 text-sm text-slate-700">
          <input
            id={`${id}-reconcileEnabled`}
            name="reconcileEnabled"
            type="checkbox"
            className="h-4 w-4 rounded border-slate-300"
          />
          Re-read written records on a schedule
        </label>
      </Field>
      {text("reconcileWindowHours", "Reconcile window (hours)", {
        defaultValue: "24",
        hint: "Records written this recently are re-read.",
      })}
      {text("timeoutMs", "Timeout (ms)", { defaultValue: "5000" })}
      <div className="flex flex-wrap items-center gap-2 sm:col-span-3">
        <Button type="submit" disabled={form.pending}>
          {form.pending ? "Adding…" : "Add system of record"}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <FormStatus error={form.formError} />
      </div>
    </form>
  );
}
