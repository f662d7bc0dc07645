"use client";

import { useRef } from "react";
import { type TAction, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Field, fieldAria } from "@/components/ui/field";

const input =
  "mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";

/**
 * One-field team form: "New team" on the list, "Rename" on a team's page.
 * Keeps what was typed when the server refuses it (a taken name).
 */
export function TeamNameForm({
  label,
  submitLabel,
  defaultName = "",
  teamId,
  action,
}: {
  label: string;
  submitLabel: string;
  defaultName?: string;
  /** The team being renamed; none when creating. */
  teamId?: string;
  /** createTeamAction or renameTeamAction. */
  action: TAction<{ name: string; teamId: string }, unknown>;
}) {
  const { run, pending, result, firstError } = useActionForm(action);
  const form = useRef<HTMLFormElement>(null);
  const error = firstError("name");
  const id = `team-name-${submitLabel.toLowerCase().replaceAll(" ", "-")}`;
  return (
    <form
      ref={form}
      aria-label={submitLabel}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const name = String(new FormData(e.currentTarget).get("name") ?? "");
        run({ name, teamId: teamId ?? "" }, () => {
          if (!defaultName) form.current?.reset();
        });
      }}
      className="flex items-start gap-2"
    >
      <Field id={id} label={label} error={error} className="w-64">
        <input
          id={id}
          name="name"
          defaultValue={defaultName}
          required
          maxLength={80}
          className={input}
          {...fieldAria(id, error)}
        />
      </Field>
      <Button type="submit" disabled={pending} className="mt-5">
        {pending ? "Saving…" : submitLabel}
      </Button>
      {result?.ok ? (
        <span role="status" className="mt-7 text-sm text-emerald-700">
          Saved
        </span>
      ) : null}
    </form>
  );
}
