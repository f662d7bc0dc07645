"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { FormStatus, inputClass, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import type { TActionResult } from "@/lib/server/action";

export type TSaveSenderAction = (input: FormData) => Promise<TActionResult<{ saved: string }>>;

/** The admin's choice of the email destination that sends people's notifications and digests. */
export function NotificationSenderForm({
  current,
  options,
  action,
}: {
  current: { key: string; name: string; active: boolean } | null;
  options: { key: string; name: string; active: boolean; from: string | null }[];
  action: TSaveSenderAction;
}) {
  const id = useId();
  const form = useActionForm(action);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <Card className="max-w-2xl">
      <CardHeader
        title="Sender"
        description="Notifications and daily digests go out through an email destination's SMTP server and From address, the same settings email actions use. Each person chooses what they get on My notifications."
      />
      {current && !current.active ? (
        <p
          role="status"
          className="mx-5 mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          {current.name} is paused: nothing is emailed until it is resumed or another is chosen.
        </p>
      ) : null}
      {options.length === 0 ? (
        <p className="p-5 text-sm text-slate-600">
          There is no email destination yet.{" "}
          <Link href="/destinations" className="font-medium text-indigo-700 underline">
            Add one on Destinations
          </Link>{" "}
          (kind Email), then choose it here.
        </p>
      ) : (
        <form
          aria-label="Notification sender"
          noValidate
          className="space-y-4 p-5"
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(null);
            form.run(new FormData(e.currentTarget), (d) => setSaved(d.saved));
          }}
        >
          <Field
            id={`${id}-dest`}
            label="Send notifications through"
            error={form.fieldError("destinationKey")}
          >
            <select
              id={`${id}-dest`}
              name="destinationKey"
              defaultValue={current?.key ?? ""}
              className={inputClass}
              {...fieldAria(`${id}-dest`, form.fieldError("destinationKey"))}
            >
              <option value="">Nobody: notifications stay in the app</option>
              {options.map((o) => (
                <option key={o.key} value={o.key}>
                  {o.name}
                  {o.from ? ` (from ${o.from})` : ""}
                  {o.active ? "" : " (paused)"}
                </option>
              ))}
            </select>
          </Field>
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={form.pending}>
              {form.pending ? "Saving…" : "Save"}
            </Button>
            <FormStatus ok={saved} error={form.otherError} />
          </div>
        </form>
      )}
    </Card>
  );
}
