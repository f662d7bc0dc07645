"use client";

import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { jsonTemplateProblem, renderJson, renderText } from "@/lib/workflow-definition/templates";
import type { TRecordAction } from "@/lib/workflow-definition/record-action";
import { Plus, Trash2 } from "lucide-react";
import { TextArea, sampleContext } from "./email-action-editor";
import { SelectField, TextField, type TErr } from "./form-bits";

/** A new record action's requests: a contact upsert, read back on its owner. */
export const RECORD_ACTION_DEFAULTS: Omit<TRecordAction, "id" | "name" | "destinationKey"> = {
  type: "record",
  headers: {},
  create: {
    method: "POST",
    path: "/contacts",
    body: '{\n  "email": "{{record.email}}",\n  "name": "{{record.name}}",\n  "owner": "{{handoff.owner.email}}"\n}',
  },
  update: {
    method: "PATCH",
    path: "/contacts/{{externalId}}",
    body: '{\n  "owner": "{{handoff.owner.email}}"\n}',
  },
  idPointer: "/id",
  verify: {
    path: "/contacts/{{externalId}}",
    fields: [{ label: "owner", pointer: "/owner", expected: "{{handoff.owner.email}}" }],
  },
};

const headersText = (h: Record<string, string>) =>
  Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");

/** "Name: value" lines as headers; a line without a colon is kept as a name with no value. */
function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const i = line.indexOf(":");
    out[(i < 0 ? line : line.slice(0, i)).trim()] = i < 0 ? "" : line.slice(i + 1).trim();
  }
  return out;
}

/** A body rendered over the sample, or why it cannot be. */
function rendered(template: string, ctx: unknown): { text: string; problem: string | null } {
  const problem = jsonTemplateProblem(template);
  if (problem) return { text: "", problem };
  return { text: JSON.stringify(JSON.parse(renderJson(template, ctx)), null, 2), problem: null };
}

/**
 * A write to a system of record: the create and update requests (templates
 * over the record, payload, handoff and, once known, the downstream id), where
 * the create answer carries that id, and the read-back that decides whether
 * the write is verified. The preview renders both requests over the sample.
 */
export function RecordActionEditor({
  action,
  index,
  onChange,
  err,
  disabled,
  samplePayload,
  owner,
  acceptWithinMinutes,
  baseUrl,
}: {
  action: TRecordAction;
  index: number;
  onChange: (a: TRecordAction) => void;
  err: TErr;
  disabled?: boolean;
  samplePayload: string | null;
  owner: { name: string; email: string } | null;
  acceptWithinMinutes: number;
  /** The chosen destination's base URL, for the preview. */
  baseUrl: string | null;
}) {
  const at = `actions.${index}`;
  const id = `action-${index}`;
  const set = (patch: Partial<TRecordAction>) => onChange({ ...action, ...patch });
  const [headers, setHeaders] = useState(() => headersText(action.headers));
  const { ctx, fromEvent } = useMemo(
    () => sampleContext(samplePayload, owner, acceptWithinMinutes),
    [samplePayload, owner, acceptWithinMinutes],
  );
  const sample = { ...ctx, externalId: "c_123" };
  const base = (baseUrl ?? "https://crm.example").replace(/\/$/, "");
  const create = rendered(action.create.body, sample);
  const update = rendered(action.update.body, sample);
  const verify = action.verify;
  const request = (
    kind: "create" | "update",
    methods: TRecordAction["create"]["method"][] | TRecordAction["update"]["method"][],
  ) => {
    const r = action[kind];
    return (
      <fieldset className="grid gap-3">
        <legend className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
          {kind === "create"
            ? "Create (no downstream id yet)"
            : "Update (id known: {{externalId}})"}
        </legend>
        <div className="grid gap-3 sm:grid-cols-[7rem_1fr]">
          <SelectField
            id={`${id}-${kind}-method`}
            label="Method"
            value={r.method}
            onChange={(method) => set({ [kind]: { ...r, method } } as Partial<TRecordAction>)}
            options={methods.map((m) => ({ value: m, label: m }))}
            disabled={disabled}
          />
          <TextField
            id={`${id}-${kind}-path`}
            label="Path"
            mono
            value={r.path}
            onChange={(path) => set({ [kind]: { ...r, path } } as Partial<TRecordAction>)}
            error={err(`${at}.${kind}.path`)}
            disabled={disabled}
          />
        </div>
        <TextArea
          id={`${id}-${kind}-body`}
          label="JSON body"
          rows={5}
          value={r.body}
          onChange={(body) => set({ [kind]: { ...r, body } } as Partial<TRecordAction>)}
          error={err(`${at}.${kind}.body`)}
          disabled={disabled}
        />
      </fieldset>
    );
  };
  return (
    <div className="grid gap-4 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200 lg:grid-cols-2">
      <div className="grid content-start gap-4">
        {request("create", ["POST", "PUT"])}
        <TextField
          id={`${id}-id-pointer`}
          label="Downstream id in the create answer (JSON pointer)"
          mono
          value={action.idPointer}
          onChange={(idPointer) => set({ idPointer })}
          hint="e.g. /id or /data/id. Baton keeps it per record and destination; later writes use it as {{externalId}}."
          error={err(`${at}.idPointer`)}
          disabled={disabled}
        />
        {request("update", ["PATCH", "PUT", "POST"])}
        <TextArea
          id={`${id}-headers`}
          label="Headers (optional)"
          rows={2}
          value={headers}
          onChange={(text) => {
            setHeaders(text);
            set({ headers: parseHeaders(text) });
          }}
          hint="One Name: value per line; the destination's own auth header is added by Baton."
          error={
            Object.keys(action.headers)
              .map((h) => err(`${at}.headers.${h}`))
              .find(Boolean) ?? err(`${at}.headers`)
          }
          disabled={disabled}
        />
        <fieldset className="grid gap-3">
          <legend className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Verify by reading back
          </legend>
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              checked={Boolean(verify)}
              disabled={disabled}
              onChange={(e) =>
                set({ verify: e.target.checked ? RECORD_ACTION_DEFAULTS.verify : undefined })
              }
            />
            Read the record back after the write; only a match counts as verified
          </label>
          {verify ? (
            <>
              <TextField
                id={`${id}-verify-path`}
                label="Read-back path (GET)"
                mono
                value={verify.path}
                onChange={(path) => set({ verify: { ...verify, path } })}
                error={err(`${at}.verify.path`)}
                disabled={disabled}
              />
              {verify.fields.map((f, j) => {
                const setField = (patch: Partial<typeof f>) =>
                  set({
                    verify: {
                      ...verify,
                      fields: verify.fields.map((x, k) => (k === j ? { ...x, ...patch } : x)),
                    },
                  });
                return (
                  <div key={j} className="grid items-start gap-2 sm:grid-cols-[6rem_7rem_1fr_auto]">
                    <TextField
                      id={`${id}-verify-${j}-label`}
                      label="Field"
                      mono
                      value={f.label}
                      onChange={(label) => setField({ label })}
                      error={err(`${at}.verify.fields.${j}.label`)}
                      disabled={disabled}
                    />
                    <TextField
                      id={`${id}-verify-${j}-pointer`}
                      label="At (pointer)"
                      mono
                      value={f.pointer}
                      onChange={(pointer) => setField({ pointer })}
                      error={err(`${at}.verify.fields.${j}.pointer`)}
                      disabled={disabled}
                    />
                    <TextField
                      id={`${id}-verify-${j}-expected`}
                      label="Should be"
                      mono
                      value={f.expected}
                      onChange={(expected) => setField({ expected })}
                      error={err(`${at}.verify.fields.${j}.expected`)}
                      disabled={disabled}
                    />
                    {!disabled && verify.fields.length > 1 ? (
                      <Button
                        type="button"
                        variant="ghost"
                        size="sm"
                        className="mt-5"
                        aria-label={`Remove compared field ${j + 1}`}
                        onClick={() =>
                          set({
                            verify: { ...verify, fields: verify.fields.filter((_, k) => k !== j) },
                          })
                        }
                      >
                        <Trash2 className="h-4 w-4 text-red-600" />
                      </Button>
                    ) : null}
                  </div>
                );
              })}
              {!disabled && verify.fields.length < 20 ? (
                <Button
                  type="button"
                  variant="secondary"
                  size="sm"
                  className="justify-self-start"
                  onClick={() =>
                    set({
                      verify: {
                        ...verify,
                        fields: [...verify.fields, { label: "", pointer: "/", expected: "" }],
                      },
                    })
                  }
                >
                  <Plus className="h-4 w-4" /> Compare another field
                </Button>
              ) : null}
              {err(`${at}.verify.fields`) ? (
                <p className="text-xs text-red-600">{err(`${at}.verify.fields`)}</p>
              ) : null}
            </>
          ) : null}
        </fieldset>
      </div>
      <section aria-label={`Preview of ${action.name}`} data-testid="record-preview">
        <div className="mb-2 flex flex-wrap items-center gap-2">
          <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Preview</h4>
          <Badge tone={fromEvent ? "blue" : "neutral"}>
            {fromEvent ? "newest event of this source" : "demo lead"}
          </Badge>
        </div>
        <div className="space-y-3 text-sm">
          {(
            [
              ["First write", action.create, create],
              ["Later writes (downstream id c_123)", action.update, update],
            ] as const
          ).map(([title, r, body]) => (
            <div key={title} className="overflow-hidden rounded-md bg-white ring-1 ring-slate-200">
              <p className="border-b border-slate-100 px-3 py-2 text-xs text-slate-500">{title}</p>
              <p className="px-3 pt-2 font-mono text-xs break-all text-slate-900">
                {r.method} {base}
                {renderText(r.path, sample, encodeURIComponent)}
              </p>
              {body.problem ? (
                <p className="px-3 py-2 text-xs text-red-600">{body.problem}</p>
              ) : (
                <pre className="max-h-48 overflow-auto px-3 py-2 font-mono text-xs text-slate-800">
                  {body.text}
                </pre>
              )}
            </div>
          ))}
          {verify ? (
            <div className="rounded-md bg-white px-3 py-2 ring-1 ring-slate-200">
              <p className="font-mono text-xs break-all text-slate-900">
                GET {base}
                {renderText(verify.path, sample, encodeURIComponent)}
              </p>
              <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
                {verify.fields.map((f, j) => (
                  <li key={j}>
                    {f.label || "field"} at <code>{f.pointer}</code> should be{" "}
                    <code>{renderText(f.expected, sample) || "—"}</code>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-xs text-amber-700">
              Without a read-back, Baton trusts the 2xx answer: the write counts as delivered, not
              checked.
            </p>
          )}
        </div>
      </section>
    </div>
  );
}
