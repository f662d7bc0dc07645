"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import { FormStatus, inputClass, savedText, useActionForm } from "@/components/ui/action-form";
import type { TActionResult } from "@/lib/server/action";
import type { TFormConfig, TFormSettingsInput } from "@/lib/ingest/forms/config";

export type TUpdateFormSettingsAction = (
  input: TFormSettingsInput,
) => Promise<TActionResult<{ changed: string[] }>>;

const LABELS: Record<string, string> = {
  enabled: "on/off",
  allowedOrigins: "allowed origins",
  honeypotField: "honeypot field",
  minFillSeconds: "minimum fill time",
  requiredFields: "required fields",
  thankYouUrl: "thank-you address",
  perIpPerMinute: "per-visitor limit",
  perSourcePerMinute: "per-form limit",
};

/** The website form's settings; read-only without `action`. */
export function FormSettingsForm({
  sourceKey,
  config,
  action,
}: {
  sourceKey: string;
  config: TFormConfig;
  action?: TUpdateFormSettingsAction;
}) {
  const id = useId();
  const form = useActionForm(action);
  const [enabled, setEnabled] = useState(config.enabled);
  const [saved, setSaved] = useState<string | null>(null);
  // Errors on list items ("allowedOrigins.1") show under the list.
  const err = (name: string) =>
    form.fieldError(name) ??
    (form.result && !form.result.ok
      ? Object.entries(form.result.fieldErrors ?? {}).find(([k]) =>
          k.startsWith(`${name}.`),
        )?.[1][0]
      : undefined);
  const readOnly = !action;
  const text = (name: string, fd: FormData) => String(fd.get(name) ?? "");

  return (
    <Card>
      <CardHeader
        title="Website form"
        description="A plain HTML form on your own site posts here; no JavaScript needed."
      />
      <form
        aria-label="Website form settings"
        noValidate
        className="grid gap-4 p-5 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          setSaved(null);
          form.run(
            {
              sourceKey,
              enabled: enabled ? "true" : "false",
              allowedOrigins: text("allowedOrigins", fd),
              honeypotField: text("honeypotField", fd),
              minFillSeconds: text("minFillSeconds", fd),
              requiredFields: text("requiredFields", fd),
              thankYouUrl: text("thankYouUrl", fd),
              perIpPerMinute: text("perIpPerMinute", fd),
              perSourcePerMinute: text("perSourcePerMinute", fd),
            },
            (data) => setSaved(savedText(data.changed, LABELS)),
          );
        }}
      >
        <fieldset disabled={readOnly} className="contents">
          <label className="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2">
            <input
              type="checkbox"
              checked={enabled}
              onChange={(e) => setEnabled(e.target.checked)}
              className="h-4 w-4 rounded border-slate-300"
            />
            Accept form posts
          </label>
          <Field
            id={`${id}-origins`}
            label="Allowed origins"
            hint="One per line, e.g. https://www.example.com. Posts from other sites get 403."
            error={err("allowedOrigins")}
            className="sm:col-span-2"
          >
            <textarea
              id={`${id}-origins`}
              name="allowedOrigins"
              rows={2}
              defaultValue={config.allowedOrigins.join("\n")}
              className={inputClass}
              {...fieldAria(`${id}-origins`, err("allowedOrigins"), true)}
            />
          </Field>
          <Field
            id={`${id}-required`}
            label="Required fields"
            hint="Input names, one per line or comma-separated. Empty ones get a page listing them."
            error={err("requiredFields")}
          >
            <textarea
              id={`${id}-required`}
              name="requiredFields"
              rows={2}
              defaultValue={config.requiredFields.join("\n")}
              className={inputClass}
              {...fieldAria(`${id}-required`, err("requiredFields"), true)}
            />
          </Field>
          <Field
            id={`${id}-thanks`}
            label="Thank-you address"
            hint="Where people land after sending (303). Empty: Baton's own thank-you page."
            error={err("thankYouUrl")}
          >
            <input
              id={`${id}-thanks`}
              name="thankYouUrl"
              type="url"
              defaultValue={config.thankYouUrl ?? ""}
              className={inputClass}
              {...fieldAria(`${id}-thanks`, err("thankYouUrl"), true)}
            />
          </Field>
          <Field
            id={`${id}-honeypot`}
            label="Honeypot field"
            hint="A field hidden from people: filled in, the post is held as spam."
            error={err("honeypotField")}
          >
            <input
              id={`${id}-honeypot`}
              name="honeypotField"
              defaultValue={config.honeypotField}
              className={inputClass}
              {...fieldAria(`${id}-honeypot`, err("honeypotField"), true)}
            />
          </Field>
          <Field
            id={`${id}-fill`}
            label="Minimum fill time (seconds)"
            hint="Checked only when the page sends _baton_t (see the snippet). 0: off."
            error={err("minFillSeconds")}
          >
            <input
              id={`${id}-fill`}
              name="minFillSeconds"
              type="number"
              min={0}
              max={3600}
              defaultValue={config.minFillSeconds}
              className={inputClass}
              {...fieldAria(`${id}-fill`, err("minFillSeconds"), true)}
            />
          </Field>
          <Field
            id={`${id}-per-ip`}
            label="Posts per visitor per minute"
            error={err("perIpPerMinute")}
          >
            <input
              id={`${id}-per-ip`}
              name="perIpPerMinute"
              type="number"
              min={1}
              defaultValue={config.perIpPerMinute}
              className={inputClass}
              {...fieldAria(`${id}-per-ip`, err("perIpPerMinute"))}
            />
          </Field>
          <Field
            id={`${id}-per-source`}
            label="Posts per minute (whole form)"
            error={err("perSourcePerMinute")}
          >
            <input
              id={`${id}-per-source`}
              name="perSourcePerMinute"
              type="number"
              min={1}
              defaultValue={config.perSourcePerMinute}
              className={inputClass}
              {...fieldAria(`${id}-per-source`, err("perSourcePerMinute"))}
            />
          </Field>
        </fieldset>
        {action ? (
          <div className="flex items-center gap-3 sm:col-span-2">
            <Button type="submit" disabled={form.pending}>
              {form.pending ? "Saving…" : "Save form settings"}
            </Button>
            <FormStatus error={form.formError} ok={saved} />
          </div>
        ) : null}
      </form>
    </Card>
  );
}
