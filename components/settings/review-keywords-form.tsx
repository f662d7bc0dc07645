"use client";

import { useId, useState } from "react";
import { FormStatus, inputClass, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import type { TActionResult } from "@/lib/server/action";

export type TSaveKeywordsAction = (input: FormData) => Promise<TActionResult<{ count: number }>>;

/** The complaint and legal phrases, one per line; saving is audited. */
export function ReviewKeywordsForm({
  keywords,
  action,
}: {
  keywords: string[];
  action: TSaveKeywordsAction;
}) {
  const id = useId();
  const form = useActionForm(action);
  const [saved, setSaved] = useState<string | null>(null);
  // A phrase's own error is keyed by its line ("keywords.3"): show the first under the box.
  const error = form.result && !form.result.ok ? form.firstError() : undefined;
  return (
    <Card className="max-w-2xl">
      <CardHeader
        title="Complaint and legal language"
        description="One phrase per line, matched as whole words in any case (a plural s is allowed)."
      />
      <form
        aria-label="Review phrases"
        noValidate
        className="space-y-4 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(null);
          form.run(new FormData(e.currentTarget), (d) =>
            setSaved(`Saved ${d.count} ${d.count === 1 ? "phrase" : "phrases"}.`),
          );
        }}
      >
        <Field
          id={`${id}-keywords`}
          label="Phrases"
          hint="e.g. refund, lawyer, legal action, chargeback, complaint, cancel my account"
          error={error}
        >
          <textarea
            id={`${id}-keywords`}
            name="keywords"
            rows={12}
            defaultValue={keywords.join("\n")}
            spellCheck={false}
            className={`${inputClass} font-mono text-xs`}
            {...fieldAria(`${id}-keywords`, error, true)}
          />
        </Field>
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={form.pending}>
            {form.pending ? "Saving…" : "Save phrases"}
          </Button>
          <FormStatus ok={saved} />
        </div>
      </form>
    </Card>
  );
}
