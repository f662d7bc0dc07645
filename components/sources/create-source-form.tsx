"use client";

import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, fieldAria } from "@/components/ui/field";
import { PRESET_GUIDES } from "./presets";
import type { TRevealedSecret } from "./secret-panel";
import { VerificationFields } from "./verification-fields";

// `signingSecret` is the one Baton made (shown once); null when the admin pasted it.
type TCreated = { key: string; name: string; signingSecret: string | null };
export type TCreateSourceResult =
  | { ok: true; data: TCreated }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

const input =
  "mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm font-normal text-slate-900 ring-1 ring-slate-300 ring-inset aria-invalid:ring-red-400";

const CONTRACT_EXAMPLE = `{
  "type": "object",
  "required": ["email"],
  "properties": { "email": { "type": "string", "format": "email" } }
}`;

/** Says at once when the contract is not JSON; the server checks it again. */
function jsonError(text: string): string | undefined {
  if (!text.trim()) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return `Not valid JSON: ${(e as Error).message}`;
  }
}

/**
 * The "Add source" form. Submitted with onSubmit, not a form action: React
 * resets a form after its action, which would wipe the contract the admin
 * typed when the server refuses it.
 */
export function CreateSourceForm({
  action,
  onCreated,
  onCancel,
}: {
  action: (fd: FormData) => Promise<TCreateSourceResult>;
  /** A secret Baton made, to show once; or only the key, when the secret was pasted. */
  onCreated: (created: TRevealedSecret | { key: string; name: string }) => void;
  onCancel: () => void;
}) {
  const [result, setResult] = useState<TCreateSourceResult | null>(null);
  const [contractError, setContractError] = useState<string>();
  const [pending, start] = useTransition();
  const [preset, setPreset] = useState<string>(PRESET_GUIDES[0].id);
  const id = useId();
  const err = (f: string) => (result && !result.ok ? result.fieldErrors?.[f]?.[0] : undefined);

  return (
    <form
      aria-label="Add source"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        // A pasted secret is never shown back, whatever the answer carries.
        const pasted = String(fd.get("secret") ?? "").trim() !== "";
        start(async () => {
          const res = await action(fd);
          setResult(res);
          if (!res.ok) return;
          const { key, name, signingSecret } = res.data;
          onCreated(
            pasted || !signingSecret
              ? { key, name }
              : { kind: "created", key, name, signingSecret, preset },
          );
        });
      }}
      className="mb-6 grid grid-cols-1 gap-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 md:grid-cols-4"
    >
      <h2 className="text-sm font-semibold text-slate-900 md:col-span-4">Add source</h2>
      <Field
        id={`${id}-key`}
        label="Key"
        hint="In the URL: lowercase letters, digits, dashes."
        error={err("key")}
      >
        <input
          id={`${id}-key`}
          name="key"
          required
          className={input}
          {...fieldAria(`${id}-key`, err("key"), true)}
        />
      </Field>
      <Field id={`${id}-name`} label="Name" error={err("name")} className="md:col-span-2">
        <input
          id={`${id}-name`}
          name="name"
          required
          className={input}
          {...fieldAria(`${id}-name`, err("name"))}
        />
      </Field>
      <Field
        id={`${id}-kb`}
        label="Size limit (KB)"
        hint="Largest body accepted; default 1024 KB (1 MB)."
        error={err("maxBodyKb")}
      >
        <input
          id={`${id}-kb`}
          name="maxBodyKb"
          type="number"
          min={1}
          max={10240}
          placeholder="1024"
          className={input}
          {...fieldAria(`${id}-kb`, err("maxBodyKb"), true)}
        />
      </Field>
      <VerificationFields preset={preset} onPreset={setPreset} err={err} inputClass={input} />
      <Field
        id={`${id}-desc`}
        label="Description"
        error={err("description")}
        className="md:col-span-4"
      >
        <input
          id={`${id}-desc`}
          name="description"
          className={input}
          {...fieldAria(`${id}-desc`, err("description"))}
        />
      </Field>
      <Field
        id={`${id}-contract`}
        label="Contract (JSON Schema, optional)"
        hint="Payloads that break it open a contract-violation exception instead of being routed."
        error={contractError ?? err("contract")}
        className="md:col-span-4"
      >
        <textarea
          id={`${id}-contract`}
          name="contract"
          rows={6}
          spellCheck={false}
          placeholder={CONTRACT_EXAMPLE}
          onBlur={(e) => setContractError(jsonError(e.currentTarget.value))}
          className={`${input} font-mono text-xs`}
          {...fieldAria(`${id}-contract`, contractError ?? err("contract"), true)}
        />
      </Field>
      <div className="flex items-center gap-2 md:col-span-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add source"}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        {result && !result.ok && !result.fieldErrors ? (
          <span role="alert" className="text-sm text-red-600">
            {result.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}
