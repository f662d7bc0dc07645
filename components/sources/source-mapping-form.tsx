"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import { FormStatus, inputClass, savedText, useActionForm } from "@/components/ui/action-form";
import type { TUpdateSourceAction } from "./source-settings-form";

type TMapping = Record<string, string> | null;

const FIELDS: { name: string; key: string; label: string; hint: string }[] = [
  { name: "mapEmail", key: "email", label: "Email", hint: "Default: the identity email path." },
  { name: "mapName", key: "name", label: "Name", hint: 'A path, or "{firstName} {lastName}".' },
  { name: "mapCompany", key: "company", label: "Company", hint: 'Default: "company".' },
  { name: "mapPhone", key: "phone", label: "Phone", hint: 'Default: "phone".' },
];

const LABELS = { identityMapping: "identity mapping", fieldMapping: "field mapping" };

/**
 * Where the identity and the record fields live in this source's payloads.
 * Both sections save together; an emptied section is stored as "no mapping"
 * (the engine's defaults apply).
 */
export function SourceMappingForm({
  sourceKey,
  identityMapping,
  fieldMapping,
  action,
}: {
  sourceKey: string;
  identityMapping: TMapping;
  fieldMapping: TMapping;
  action?: TUpdateSourceAction;
}) {
  const id = useId();
  const form = useActionForm(action);
  const [saved, setSaved] = useState<string | null>(null);
  const err = form.fieldError;

  const input = (name: string, label: string, value: string | undefined, hint: string) => (
    <Field key={name} id={`${id}-${name}`} label={label} hint={hint} error={err(name)}>
      <input
        id={`${id}-${name}`}
        name={name}
        defaultValue={value ?? ""}
        spellCheck={false}
        className={`${inputClass} font-mono text-xs`}
        {...fieldAria(`${id}-${name}`, err(name), true)}
      />
    </Field>
  );

  return (
    <Card>
      <CardHeader
        title="Identity and field mapping"
        description="Dotted payload paths (customer.email, contacts.0.email). The identity stitches events onto one record: the normalised email first, else the external id."
      />
      <form
        aria-label="Mapping"
        noValidate
        className="space-y-6 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          const input: { sourceKey: string; [field: string]: string } = {
            sourceKey,
            sections: "identity,fields",
          };
          for (const [k, v] of fd.entries()) input[k] = String(v);
          setSaved(null);
          form.run(input, (data) => setSaved(savedText(data.changed, LABELS)));
        }}
      >
        <fieldset disabled={!action} className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Identity
          </legend>
          {input(
            "identityEmail",
            "Email path",
            identityMapping?.email,
            'Where the email is, e.g. "contactEmail". Default: "email".',
          )}
          {input(
            "identityExternalId",
            "External id path",
            identityMapping?.externalId,
            "This source's own id for the person or deal, used when there is no email.",
          )}
        </fieldset>
        <fieldset disabled={!action} className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Record fields (payload path → record field)
          </legend>
          {FIELDS.map((f) => input(f.name, f.label, fieldMapping?.[f.key], f.hint))}
        </fieldset>
        {action ? (
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={form.pending}>
              {form.pending ? "Saving…" : "Save mapping"}
            </Button>
            <FormStatus error={form.formError} ok={saved} />
          </div>
        ) : null}
      </form>
    </Card>
  );
}
