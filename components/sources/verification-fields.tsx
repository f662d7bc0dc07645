"use client";

import { useId } from "react";
import { Field, fieldAria } from "@/components/ui/field";
import { PRESET_GUIDES, presetGuide } from "./presets";

const OPTIONS_EXAMPLE: Record<string, string> = {
  hmac: '{ "header": "X-Signature", "algorithm": "sha256", "encoding": "hex", "prefix": "sha256=" }',
  token: '{ "in": "query", "name": "token" }',
};

/**
 * The preset picker and what it needs, as form inputs named the way the
 * source actions read them (lib/sources/schema.ts `ZVerificationFormFields`):
 * `verification`, `secret` (pasted; stored sealed, never shown again),
 * `publicUrl` for presets that sign the URL, `verificationConfig` (JSON) for
 * the presets with options. Controlled preset, so the fields follow it.
 */
export function VerificationFields({
  preset,
  onPreset,
  err,
  inputClass,
  editing = false,
  publicUrl,
  config,
  wide = "md:col-span-2",
}: {
  preset: string;
  onPreset: (id: string) => void;
  err: (field: string) => string | undefined;
  inputClass: string;
  /** On the source page: an empty secret keeps the stored one. */
  editing?: boolean;
  publicUrl?: string | null;
  config?: string;
  /** Grid span class for each field. */
  wide?: string;
}) {
  const id = useId();
  const guide = presetGuide(preset);
  const pasted = guide.secret === "provider" || guide.secret === "user";
  const keep = editing ? " Leave empty to keep the stored one." : "";
  return (
    <>
      <Field
        id={`${id}-preset`}
        label="Sender (verification)"
        hint="How deliveries are signed; a new source also gets the sender's default field mappings."
        error={err("verification")}
        className={wide}
      >
        <select
          id={`${id}-preset`}
          name="verification"
          value={preset}
          onChange={(e) => onPreset(e.currentTarget.value)}
          className={inputClass}
          {...fieldAria(`${id}-preset`, err("verification"), true)}
        >
          {PRESET_GUIDES.map((g) => (
            <option key={g.id} value={g.id}>
              {g.label}
            </option>
          ))}
        </select>
      </Field>
      {pasted ? (
        <Field
          id={`${id}-secret`}
          label={guide.secret === "provider" ? "Paste the secret" : "Shared secret"}
          hint={`${guide.secretHint ?? ""} Stored encrypted; never shown again.${keep}`}
          error={err("secret")}
          className={wide}
        >
          <input
            id={`${id}-secret`}
            name="secret"
            type="password"
            autoComplete="off"
            spellCheck={false}
            className={inputClass}
            {...fieldAria(`${id}-secret`, err("secret"), true)}
          />
        </Field>
      ) : (
        <p className={`self-end text-xs text-slate-500 ${wide}`}>
          {editing
            ? "Baton makes this secret: rotate it under Secret below."
            : "Baton makes the secret and shows it once after the source is added."}
        </p>
      )}
      {guide.signsUrl ? (
        <Field
          id={`${id}-url`}
          label="Public URL (optional)"
          hint="The exact address you give the sender, when Baton sits behind a proxy that changes it. Empty: the address requests arrive at."
          error={err("publicUrl")}
          className={wide}
        >
          <input
            id={`${id}-url`}
            name="publicUrl"
            type="url"
            defaultValue={publicUrl ?? ""}
            placeholder="https://baton.example.com/api/v1/sources/…/events"
            className={inputClass}
            {...fieldAria(`${id}-url`, err("publicUrl"), true)}
          />
        </Field>
      ) : null}
      {OPTIONS_EXAMPLE[guide.id] ? (
        <Field
          id={`${id}-options`}
          label="Options (JSON)"
          hint={`e.g. ${OPTIONS_EXAMPLE[guide.id]}`}
          error={err("verificationConfig")}
          className={wide}
        >
          <textarea
            id={`${id}-options`}
            name="verificationConfig"
            rows={3}
            spellCheck={false}
            defaultValue={config ?? ""}
            className={`${inputClass} font-mono text-xs`}
            {...fieldAria(`${id}-options`, err("verificationConfig"), true)}
          />
        </Field>
      ) : null}
    </>
  );
}
