"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { FormStatus, inputClass, savedText, useActionForm } from "@/components/ui/action-form";
import type { TUpdateSourceAction } from "./source-settings-form";
import { VerificationFields } from "./verification-fields";

const LABELS = {
  verification: "sender",
  verificationConfig: "options",
  secret: "secret",
  signingSecret: "secret",
};

/**
 * The source page's preset picker: change how deliveries are verified and
 * paste the provider's new secret. Only the fields shown are sent; an empty
 * secret keeps the stored one (the action never answers a secret back).
 */
export function SourceVerificationForm({
  source,
  action,
}: {
  source: { key: string; verification: string; publicUrl: string | null; options: string };
  action?: TUpdateSourceAction;
}) {
  const form = useActionForm(action);
  const [preset, setPreset] = useState(source.verification);
  const [saved, setSaved] = useState<string | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  return (
    <Card>
      <CardHeader
        title="Sender and verification"
        description="Changing the sender takes effect for the next delivery; paste the secret it shows."
      />
      <form
        ref={ref}
        aria-label="Sender and verification"
        noValidate
        className="grid gap-4 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          const input: { sourceKey: string; [field: string]: string } = { sourceKey: source.key };
          for (const name of ["verification", "secret", "publicUrl", "verificationConfig"]) {
            const v = fd.get(name);
            if (typeof v === "string" && v.trim() !== "") input[name] = v;
          }
          setSaved(null);
          form.run(input, (data) => {
            setSaved(savedText(data.changed, LABELS));
            // The pasted secret leaves the page once saved.
            const secret = ref.current?.querySelector<HTMLInputElement>('input[name="secret"]');
            if (secret) secret.value = "";
          });
        }}
      >
        <fieldset disabled={!action} className="contents">
          <VerificationFields
            preset={preset}
            onPreset={setPreset}
            err={form.fieldError}
            inputClass={inputClass}
            editing
            publicUrl={source.publicUrl}
            config={source.options}
            wide=""
          />
        </fieldset>
        {action ? (
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={form.pending}>
              {form.pending ? "Saving…" : "Save sender"}
            </Button>
            <FormStatus error={form.formError} ok={saved} />
          </div>
        ) : null}
      </form>
    </Card>
  );
}
