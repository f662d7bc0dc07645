"use client";

import { useId, useState } from "react";
import { FormStatus, inputClass, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import type { TNotificationPreferences } from "@/lib/notifications/preferences";
import type { TNotificationKind } from "@/lib/notifications/schema";
import type { TActionResult } from "@/lib/server/action";

export type TSavePreferencesAction = (input: FormData) => Promise<TActionResult<{ saved: string }>>;

const KINDS: { kind: TNotificationKind; label: string; hint: string; staff?: boolean }[] = [
  {
    kind: "assigned",
    label: "Work given to me",
    hint: "A lead or an exception reassigned to you.",
  },
  {
    kind: "sla_soon",
    label: "SLA about to breach",
    hint: "One of your handoffs is due soon and not accepted yet.",
  },
  {
    kind: "exception_opened",
    label: "Exception opened",
    hint: "An exception for you or your team. Busy queues send many of these.",
  },
  {
    kind: "action_failed",
    label: "Action failed after my decision",
    hint: "Something you approved or replayed failed at its action.",
  },
  {
    kind: "circuit_open",
    label: "Destination failing",
    hint: "A destination's circuit opened: deliveries to it wait.",
    staff: true,
  },
  {
    kind: "dead_letters",
    label: "Dead letters piling up",
    hint: "Dead-lettered deliveries reached the alert threshold.",
    staff: true,
  },
  {
    kind: "classifier_drift",
    label: "Classifier below its target",
    hint: "Spot checks found a workflow's classifier less precise than its target: it only suggests now.",
    staff: true,
  },
];

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** What the signed-in person also gets by email, and their daily digest. */
export function NotificationPreferencesForm({
  preferences,
  email,
  staff,
  emailOn,
  action,
}: {
  preferences: TNotificationPreferences;
  email: string;
  /** Managers and admins: the destination alarms are offered too. */
  staff: boolean;
  /** An admin picked a sender: without one nothing is emailed. */
  emailOn: boolean;
  action: TSavePreferencesAction;
}) {
  const id = useId();
  const form = useActionForm(action);
  const [saved, setSaved] = useState<string | null>(null);
  const [digest, setDigest] = useState(preferences.digest);
  const err = form.fieldError;
  return (
    <Card className="max-w-2xl">
      <CardHeader
        title="By email"
        description={`Everything is in the app and under the bell. Choose what also comes to ${email}.`}
      />
      {!emailOn ? (
        <p
          role="status"
          className="mx-5 mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          Email is off for this Baton: no admin has chosen a sender yet. Your choices are kept and
          apply once one does.
        </p>
      ) : null}
      <form
        aria-label="Email notifications"
        noValidate
        className="space-y-5 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(null);
          form.run(new FormData(e.currentTarget), (d) => setSaved(d.saved));
        }}
      >
        <fieldset className="space-y-3">
          <legend className="text-xs font-medium text-slate-600">Email me about</legend>
          {KINDS.filter((k) => staff || !k.staff).map((k) => (
            <label key={k.kind} className="flex items-start gap-3 text-sm">
              <input
                type="checkbox"
                name={`email.${k.kind}`}
                defaultChecked={preferences.emailKinds.includes(k.kind)}
                className="mt-0.5 h-4 w-4 rounded border-slate-300"
              />
              <span>
                <span className="font-medium text-slate-900">{k.label}</span>
                <span className="block text-xs text-slate-500">{k.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="space-y-3 border-t border-slate-100 pt-4">
          <legend className="sr-only">Daily digest</legend>
          <label className="flex items-start gap-3 text-sm">
            <input
              type="checkbox"
              name="digest"
              checked={digest}
              onChange={(e) => setDigest(e.target.checked)}
              className="mt-0.5 h-4 w-4 rounded border-slate-300"
            />
            <span>
              <span className="font-medium text-slate-900">Daily digest</span>
              <span className="block text-xs text-slate-500">
                One email a day: your open handoffs, what is overdue or due within 24 hours, your
                exceptions and unread notifications. None on a day with nothing to report.
              </span>
            </span>
          </label>
          <Field
            id={`${id}-hour`}
            label="Send it at (UTC)"
            error={err("digestHour")}
            className="max-w-[12rem] pl-7"
          >
            <select
              id={`${id}-hour`}
              name="digestHour"
              defaultValue={String(preferences.digestHour)}
              disabled={!digest}
              className={inputClass}
              {...fieldAria(`${id}-hour`, err("digestHour"))}
            >
              {HOURS.map((h) => (
                <option key={h} value={h}>
                  {String(h).padStart(2, "0")}:00
                </option>
              ))}
            </select>
          </Field>
          {/* A disabled select is not submitted: keep the hour. */}
          {!digest ? (
            <input type="hidden" name="digestHour" value={preferences.digestHour} />
          ) : null}
        </fieldset>
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={form.pending}>
            {form.pending ? "Saving…" : "Save"}
          </Button>
          <FormStatus ok={saved} error={form.otherError} />
        </div>
      </form>
    </Card>
  );
}
