"use client";

import { useId, useState } from "react";
import { FormStatus, inputClass, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import type { TActionResult } from "@/lib/server/action";

export type TSaveListAction = (input: FormData) => Promise<TActionResult<{ count: number }>>;

/**
 * A setting that is a list, one entry per line in a textarea (the review
 * phrases, the labels that hold a message); saving is audited by the action.
 * An entry's own error is keyed by its line ("keywords.3"): the first shows
 * under the box.
 */
export function LineListForm({
  name,
  title,
  description,
  label,
  hint,
  values,
  noun,
  rows = 12,
  action,
}: {
  /** The form field's name, which the action's schema reads. */
  name: string;
  title: string;
  description: string;
  label: string;
  hint: string;
  values: string[];
  noun: [singular: string, plural: string];
  rows?: number;
  action: TSaveListAction;
}) {
  const id = useId();
  const form = useActionForm(action);
  const [saved, setSaved] = useState<string | null>(null);
  const error = form.result && !form.result.ok ? form.firstError() : undefined;
  return (
    <Card className="max-w-2xl">
      <CardHeader title={title} description={description} />
      <form
        aria-label={title}
        noValidate
        className="space-y-4 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(null);
          form.run(new FormData(e.currentTarget), (d) =>
            setSaved(`Saved ${d.count} ${d.count === 1 ? noun[0] : noun[1]}.`),
          );
        }}
      >
        <Field id={`${id}-${name}`} label={label} hint={hint} error={error}>
          <textarea
            id={`${id}-${name}`}
            name={name}
            rows={rows}
            defaultValue={values.join("\n")}
            spellCheck={false}
            className={`${inputClass} font-mono text-xs`}
            {...fieldAria(`${id}-${name}`, error, true)}
          />
        </Field>
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={form.pending}>
            {form.pending ? "Saving…" : `Save ${noun[1]}`}
          </Button>
          <FormStatus ok={saved} />
        </div>
      </form>
    </Card>
  );
}
