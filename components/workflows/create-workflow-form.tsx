"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { createWorkflowAction } from "@/app/(app)/workflows/actions";
import { useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "./form-bits";

/** "New workflow": a name and the source whose events start it; the editor opens on its rules. */
export function CreateWorkflowForm({
  sources,
  action,
}: {
  sources: { id: string; key: string; name: string }[];
  action: typeof createWorkflowAction;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [sourceId, setSourceId] = useState("");
  const [description, setDescription] = useState("");
  const { run, pending, fieldError: err, otherError } = useActionForm(action);

  if (!open) return <Button onClick={() => setOpen(true)}>New workflow</Button>;
  return (
    <form
      aria-label="New workflow"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        run({ name, sourceId, description: description || undefined }, ({ id }) =>
          router.push(`/workflows/${id}?tab=rules`),
        );
      }}
      className="mb-6 grid gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-[1fr_1fr_2fr_auto]"
    >
      <TextField id="new-name" label="Name" value={name} onChange={setName} error={err("name")} />
      <SelectField
        id="new-source"
        label="Trigger source"
        value={sourceId}
        onChange={setSourceId}
        options={sources.map((s) => ({ value: s.id, label: `${s.name} (${s.key})` }))}
        placeholder="Choose a source"
        error={err("sourceId")}
      />
      <TextField
        id="new-description"
        label="Description"
        value={description}
        onChange={setDescription}
        error={err("description")}
      />
      <div className="flex items-end gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
      {otherError ? (
        <p role="alert" className="text-sm text-red-600 sm:col-span-4">
          {otherError}
        </p>
      ) : null}
    </form>
  );
}
