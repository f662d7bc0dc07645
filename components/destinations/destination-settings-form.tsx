"use client";

import { useId, useState } from "react";
import { FormStatus, savedText, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { TActionResult } from "@/lib/server/action";
import { DestinationFields, type TDestinationValues } from "./destination-fields";

export type TUpdateDestinationAction = (
  input: FormData,
) => Promise<TActionResult<{ changed: string[] }>>;

const LABELS = {
  name: "name",
  url: "URL",
  timeoutMs: "timeout",
  maxAttempts: "max attempts",
  backoffBaseMs: "backoff base",
};

/** The destination's URL, timeout and retry policy; read-only without `action`. */
export function DestinationSettingsForm({
  destinationKey,
  values,
  action,
}: {
  destinationKey: string;
  values: TDestinationValues;
  action?: TUpdateDestinationAction;
}) {
  const id = useId();
  const form = useActionForm(action);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <Card>
      <CardHeader
        title="Settings"
        description="Applies to the next attempt; deliveries already waiting keep their schedule."
      />
      <form
        aria-label="Destination settings"
        noValidate
        className="grid gap-4 p-5 sm:grid-cols-3"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          fd.set("destinationKey", destinationKey);
          setSaved(null);
          form.run(fd, (d) => setSaved(savedText(d.changed, LABELS)));
        }}
      >
        <DestinationFields id={id} values={values} error={form.fieldError} disabled={!action} />
        {action ? (
          <div className="flex items-center gap-3 sm:col-span-3">
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
