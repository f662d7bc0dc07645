"use client";

import { useId } from "react";
import { FormStatus, inputClass, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Field, fieldAria } from "@/components/ui/field";
import type { TRecordDestinationView } from "@/lib/destinations/record/data";
import type { TActionResult } from "@/lib/server/action";

export type TUpdateRecordSettingsAction = (input: FormData) => Promise<TActionResult<unknown>>;

/** A system of record's auth header and reconciliation; the stored credential is never shown. */
export function RecordSettingsForm({
  destinationKey,
  values,
  action,
}: {
  destinationKey: string;
  values: TRecordDestinationView;
  action?: TUpdateRecordSettingsAction;
}) {
  const id = useId();
  const form = useActionForm(action);
  const disabled = !action;
  const err = form.fieldError;
  return (
    <form
      aria-label="System of record settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        form.run(new FormData(e.currentTarget), () => {});
      }}
      className="grid grid-cols-1 gap-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2"
    >
      <div className="sm:col-span-2">
        <h2 className="text-sm font-semibold text-slate-900">System of record</h2>
        <p className="mt-0.5 text-xs text-slate-500">
          {values.mapped.toLocaleString("en")} {values.mapped === 1 ? "record" : "records"} mapped
          here, {values.confirmed.toLocaleString("en")} confirmed by a read-back or reconciliation.
        </p>
      </div>
      <input type="hidden" name="destinationKey" value={destinationKey} />
      <Field id={`${id}-name`} label="Auth header" error={err("authHeaderName")}>
        <input
          id={`${id}-name`}
          name="authHeaderName"
          defaultValue={values.authHeaderName}
          disabled={disabled}
          className={inputClass}
          {...fieldAria(`${id}-name`, err("authHeaderName"))}
        />
      </Field>
      <Field
        id={`${id}-value`}
        label="New auth header value"
        hint={
          values.hasAuthHeader
            ? "A value is stored (encrypted). Leave blank to keep it."
            : "None stored. Leave blank for an API without one."
        }
        error={err("authHeaderValue")}
      >
        <input
          id={`${id}-value`}
          name="authHeaderValue"
          type="password"
          autoComplete="off"
          disabled={disabled}
          className={inputClass}
          {...fieldAria(`${id}-value`, err("authHeaderValue"), true)}
        />
      </Field>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name="clearAuthHeader"
          disabled={disabled || !values.hasAuthHeader}
          className="h-4 w-4 rounded border-slate-300"
        />
        Remove the stored value
      </label>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name="reconcileEnabled"
          defaultChecked={values.reconcile.enabled}
          disabled={disabled}
          className="h-4 w-4 rounded border-slate-300"
        />
        Reconcile: re-read written records on a schedule
      </label>
      <Field
        id={`${id}-window`}
        label="Reconcile window (hours)"
        error={err("reconcileWindowHours")}
      >
        <input
          id={`${id}-window`}
          name="reconcileWindowHours"
          defaultValue={String(values.reconcile.windowHours)}
          disabled={disabled}
          className={inputClass}
          {...fieldAria(`${id}-window`, err("reconcileWindowHours"))}
        />
      </Field>
      {action ? (
        <div className="flex items-center gap-2 sm:col-span-2">
          <Button type="submit" disabled={form.pending}>
            {form.pending ? "Saving…" : "Save record settings"}
          </Button>
          <FormStatus error={form.formError} ok={form.result?.ok ? "Saved." : null} />
        </div>
      ) : null}
    </form>
  );
}
