"use client";

import { Send } from "lucide-react";
import { useId, useState } from "react";
import { FormStatus, inputClass, savedText, useActionForm } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import type { TPublicSmtpSettings } from "@/lib/destinations/email/schema";
import type { TActionResult } from "@/lib/server/action";
import { SmtpFields } from "./smtp-fields";

export type TUpdateSmtpAction = (input: FormData) => Promise<TActionResult<{ changed: string[] }>>;
export type TSendTestEmailAction = (input: {
  destinationKey: string;
  to: string;
}) => Promise<
  TActionResult<{ ok: boolean; to: string; messageId: string; durationMs: number; message: string }>
>;

const LABELS = {
  host: "host",
  port: "port",
  tls: "TLS",
  username: "username",
  hasPassword: "password",
  from: "From",
};

/** The SMTP server of an email destination; read-only without `action`. */
export function SmtpSettingsCard({
  destinationKey,
  values,
  action,
}: {
  destinationKey: string;
  values: TPublicSmtpSettings | null;
  action?: TUpdateSmtpAction;
}) {
  const id = useId();
  const form = useActionForm(action);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <Card>
      <CardHeader
        title="SMTP server"
        description="Email actions are sent through it. The password is stored encrypted and never shown."
      />
      <form
        aria-label="SMTP settings"
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
        <SmtpFields
          id={id}
          values={values ?? undefined}
          error={form.fieldError}
          disabled={!action}
        />
        {action ? (
          <div className="flex items-center gap-3 sm:col-span-3">
            <Button type="submit" disabled={form.pending}>
              {form.pending ? "Saving…" : "Save SMTP settings"}
            </Button>
            <FormStatus error={form.formError} ok={saved} />
          </div>
        ) : null}
      </form>
    </Card>
  );
}

/** "Send test message": one message through the server, and its answer line. */
export function TestEmailCard({
  destinationKey,
  defaultTo,
  action,
}: {
  destinationKey: string;
  defaultTo: string;
  action?: TSendTestEmailAction;
}) {
  const id = useId();
  const test = useActionForm(action);
  const [to, setTo] = useState(defaultTo);
  const r = test.result?.ok ? test.result.data : null;
  return (
    <Card>
      <CardHeader
        title="Test message"
        description="Sends a short test message through this SMTP server, exactly as actions are sent. Recorded below as a test attempt."
      />
      <form
        aria-label="Send test message"
        noValidate
        className="flex flex-col gap-3 p-5 sm:flex-row sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          test.run({ destinationKey, to });
        }}
      >
        <Field id={`${id}-to`} label="To" error={test.fieldError("to")} className="sm:w-80">
          <input
            id={`${id}-to`}
            type="email"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            disabled={!action}
            className={inputClass}
            {...fieldAria(`${id}-to`, test.fieldError("to"))}
          />
        </Field>
        {action ? (
          <Button type="submit" variant="secondary" disabled={test.pending} className="shrink-0">
            <Send className="h-4 w-4" />
            {test.pending ? "Sending…" : "Send test message"}
          </Button>
        ) : null}
      </form>
      <div className="px-5 pb-5" data-testid="test-email-result">
        {r ? (
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone={r.ok ? "green" : "red"}>{r.ok ? "Sent" : "Not sent"}</Badge>
            <span className="text-slate-600 tabular-nums">{r.durationMs} ms</span>
            <span className="break-all text-slate-800">{r.message}</span>
          </div>
        ) : test.result ? (
          <FormStatus error={test.formError} />
        ) : (
          <p className="text-sm text-slate-500">
            {action ? "Nothing sent yet." : "Only admins can send test messages."}
          </p>
        )}
      </div>
    </Card>
  );
}
