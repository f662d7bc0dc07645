"use client";

import { useMemo } from "react";
import { Badge } from "@/components/ui/badge";
import { Field, fieldAria } from "@/components/ui/field";
import { inputClass } from "@/components/ui/action-form";
import { buildDraft } from "@/lib/destinations/email/draft";
import type { TEmailAction } from "@/lib/workflow-definition/schema";
import type { TTemplateContext } from "@/lib/workflow-definition/template";
import { NumberField, TextField, type TErr } from "./form-bits";

const DEMO_PAYLOAD = {
  email: "ada@example.com",
  firstName: "Ada",
  lastName: "Lovelace",
  company: "Analytical Engines",
  message: "We would like a demo for 40 seats.",
};

/**
 * The context the preview renders with: the source's newest event (or a
 * demo lead), a record made from it as identity mapping would, and a
 * handoff to the first active user, due after the SLA.
 */
export function sampleContext(
  samplePayload: string | null,
  owner: { name: string; email: string } | null,
  acceptWithinMinutes: number,
): { ctx: TTemplateContext; fromEvent: boolean } {
  let payload: Record<string, unknown> = DEMO_PAYLOAD;
  let fromEvent = false;
  try {
    const v: unknown = samplePayload ? JSON.parse(samplePayload) : null;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      payload = v as Record<string, unknown>;
      fromEvent = true;
    }
  } catch {
    // the demo lead
  }
  const str = (k: string) => (typeof payload[k] === "string" ? (payload[k] as string) : undefined);
  const name =
    str("name") ?? ([str("firstName"), str("lastName")].filter(Boolean).join(" ") || undefined);
  const due = new Date(Date.now() + acceptWithinMinutes * 60_000);
  return {
    fromEvent,
    ctx: {
      payload,
      record: { email: str("email"), name, company: str("company"), phone: str("phone") },
      handoff: {
        owner: owner ?? { name: "Sam Owner", email: "sam@example.com" },
        due: `${due.toUTCString().slice(0, 22)} UTC`,
        dueAt: due.toISOString(),
      },
    },
  };
}

export function TextArea({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  disabled,
  rows,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  disabled?: boolean;
  rows: number;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <textarea
        id={id}
        rows={rows}
        value={value}
        disabled={disabled}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        className={`${inputClass} font-mono text-xs`}
        {...fieldAria(id, error, !!hint)}
      />
    </Field>
  );
}

/** An email action's templates, its review settings, and a live preview over a sample event. */
export function EmailActionEditor({
  action,
  index,
  onChange,
  err,
  disabled,
  samplePayload,
  owner,
  acceptWithinMinutes,
}: {
  action: TEmailAction;
  index: number;
  onChange: (a: TEmailAction) => void;
  err: TErr;
  disabled?: boolean;
  samplePayload: string | null;
  owner: { name: string; email: string } | null;
  acceptWithinMinutes: number;
}) {
  const at = `actions.${index}`;
  const id = `action-${index}`;
  const set = (patch: Partial<TEmailAction>) => onChange({ ...action, ...patch });
  const { ctx, fromEvent } = useMemo(
    () => sampleContext(samplePayload, owner, acceptWithinMinutes),
    [samplePayload, owner, acceptWithinMinutes],
  );
  const preview = buildDraft(action, ctx);
  return (
    <div className="grid gap-4 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200 lg:grid-cols-2">
      <div className="grid content-start gap-3">
        <TextField
          id={`${id}-to`}
          label="To"
          mono
          value={action.to}
          onChange={(to) => set({ to })}
          hint="e.g. {{record.email}} (the lead) or {{handoff.owner.email}} (the new owner)"
          error={err(`${at}.to`)}
          disabled={disabled}
        />
        <TextField
          id={`${id}-subject`}
          label="Subject"
          mono
          value={action.subject}
          onChange={(subject) => set({ subject })}
          error={err(`${at}.subject`)}
          disabled={disabled}
        />
        <TextArea
          id={`${id}-text`}
          label="Text body"
          rows={5}
          value={action.text}
          onChange={(text) => set({ text })}
          hint='{{record.name}}, {{payload.message}}, {{handoff.owner.name}}, {{handoff.due}}; a fallback: {{record.name | "there"}}'
          error={err(`${at}.text`)}
          disabled={disabled}
        />
        <TextArea
          id={`${id}-html`}
          label="HTML body (optional)"
          rows={3}
          value={action.html}
          onChange={(html) => set({ html })}
          hint="Values are HTML-escaped; leave blank for text only."
          error={err(`${at}.html`)}
          disabled={disabled}
        />
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            checked={action.review}
            disabled={disabled}
            onChange={(e) => set({ review: e.target.checked })}
          />
          Hold every message for review
        </label>
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            id={`${id}-hold-field`}
            label="Hold when this value…"
            mono
            placeholder="payload.accountValue"
            value={action.holdAbove?.field ?? ""}
            onChange={(field) =>
              set({
                holdAbove: field
                  ? { field, threshold: action.holdAbove?.threshold ?? 0 }
                  : undefined,
              })
            }
            error={err(`${at}.holdAbove.field`)}
            disabled={disabled}
          />
          <NumberField
            id={`${id}-hold-threshold`}
            label="…is at or above"
            value={action.holdAbove?.threshold}
            onChange={(threshold) =>
              action.holdAbove &&
              set({ holdAbove: { field: action.holdAbove.field, threshold: threshold ?? 0 } })
            }
            error={err(`${at}.holdAbove.threshold`)}
            disabled={disabled || !action.holdAbove}
          />
        </div>
        <p className="text-xs text-slate-500">
          Baton also holds a message when the inbound text has complaint or legal language (Settings
          → Draft review) or the decision&apos;s confidence is below the act tier.
        </p>
      </div>
      <section aria-label={`Preview of ${action.name}`} data-testid="email-preview">
        <div className="mb-2 flex flex-wrap items-center gap-2">
          <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Preview</h4>
          <Badge tone={fromEvent ? "blue" : "neutral"}>
            {fromEvent ? "newest event of this source" : "demo lead"}
          </Badge>
          {preview.problem ? <Badge tone="red">{preview.problem}</Badge> : null}
        </div>
        <div className="overflow-hidden rounded-md bg-white text-sm ring-1 ring-slate-200">
          <dl className="grid grid-cols-[4rem_1fr] gap-x-2 gap-y-1 border-b border-slate-100 px-3 py-2">
            <dt className="text-slate-500">To</dt>
            <dd className="break-all text-slate-900">{preview.draft.to || "—"}</dd>
            <dt className="text-slate-500">Subject</dt>
            <dd className="font-medium break-words text-slate-900">
              {preview.draft.subject || "—"}
            </dd>
          </dl>
          <pre className="max-h-64 overflow-auto px-3 py-2 font-sans text-sm whitespace-pre-wrap text-slate-800">
            {preview.draft.text}
          </pre>
        </div>
        {preview.missing.length > 0 ? (
          <p className="mt-2 text-xs text-amber-700">
            No value in the sample for: {preview.missing.map((m) => `{{${m}}}`).join(", ")}
          </p>
        ) : null}
      </section>
    </div>
  );
}
