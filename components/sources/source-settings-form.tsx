"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import type { TActionResult } from "@/lib/server/action";
import { FormStatus, inputClass, savedText, useActionForm } from "@/components/ui/action-form";

export type TUpdateSourceAction = (input: {
  sourceKey: string;
  [field: string]: string;
}) => Promise<TActionResult<{ changed: string[] }>>;

const LABELS = {
  name: "name",
  description: "description",
  active: "status",
  maxBodyBytes: "size limit",
};

/** Name, description, receiving on/off and the size limit; read-only without `action`. */
export function SourceSettingsForm({
  source,
  action,
}: {
  source: {
    key: string;
    name: string;
    description: string | null;
    active: boolean;
    maxBodyBytes: number;
  };
  action?: TUpdateSourceAction;
}) {
  const id = useId();
  const form = useActionForm(action);
  const [active, setActive] = useState(source.active);
  const [saved, setSaved] = useState<string | null>(null);
  const err = form.fieldError;
  const readOnly = !action;

  return (
    <Card>
      <CardHeader
        title="Settings"
        description="Paused sources refuse deliveries with 404 until resumed."
      />
      <form
        aria-label="Source settings"
        noValidate
        className="grid gap-4 p-5 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          setSaved(null);
          form.run(
            {
              sourceKey: source.key,
              name: String(fd.get("name") ?? ""),
              description: String(fd.get("description") ?? ""),
              maxBodyKb: String(fd.get("maxBodyKb") ?? ""),
              active: String(active),
            },
            (data) => setSaved(savedText(data.changed, LABELS)),
          );
        }}
      >
        <fieldset disabled={readOnly} className="contents">
          <Field id={`${id}-name`} label="Name" error={err("name")}>
            <input
              id={`${id}-name`}
              name="name"
              defaultValue={source.name}
              className={inputClass}
              {...fieldAria(`${id}-name`, err("name"))}
            />
          </Field>
          <Field
            id={`${id}-size`}
            label="Size limit (KB)"
            hint="Larger bodies get 413. From 1 KB to 10240 KB (10 MB)."
            error={err("maxBodyKb")}
          >
            <input
              id={`${id}-size`}
              name="maxBodyKb"
              type="number"
              min={1}
              max={10240}
              step={1}
              defaultValue={Math.round(source.maxBodyBytes / 1024)}
              className={inputClass}
              {...fieldAria(`${id}-size`, err("maxBodyKb"), true)}
            />
          </Field>
          <Field
            id={`${id}-desc`}
            label="Description"
            error={err("description")}
            className="sm:col-span-2"
          >
            <input
              id={`${id}-desc`}
              name="description"
              defaultValue={source.description ?? ""}
              className={inputClass}
              {...fieldAria(`${id}-desc`, err("description"))}
            />
          </Field>
          <label className="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2">
            <input
              type="checkbox"
              checked={active}
              onChange={(e) => setActive(e.target.checked)}
              className="h-4 w-4 rounded border-slate-300"
            />
            Receiving events
          </label>
        </fieldset>
        {action ? (
          <div className="flex items-center gap-3 sm:col-span-2">
            <Button type="submit" disabled={form.pending}>
              {form.pending ? "Saving…" : "Save settings"}
            </Button>
            <FormStatus error={form.formError} ok={saved} />
          </div>
        ) : null}
      </form>
    </Card>
  );
}
