"use client";

import { useRef, useState } from "react";
import type { createUserAction } from "@/app/(app)/users/actions";
import { useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";

const input =
  "mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";

export function CreateUserForm({
  teams,
  action,
}: {
  teams: { id: string; name: string }[];
  action: typeof createUserAction;
}) {
  const [open, setOpen] = useState(false);
  const { run, pending, fieldError: err, otherError } = useActionForm(action);
  const form = useRef<HTMLFormElement>(null);

  if (!open) {
    return <Button onClick={() => setOpen(true)}>Add user</Button>;
  }
  return (
    <form
      ref={form}
      // onSubmit rather than a form action: React resets a form after its action
      // runs, which would wipe what the admin typed when the server refuses it.
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        if (fd.get("teamId") === "") fd.delete("teamId");
        run(fd, () => {
          form.current?.reset();
          setOpen(false);
        });
      }}
      className="mb-6 grid grid-cols-2 gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 lg:grid-cols-6"
      aria-label="Add user"
      noValidate
    >
      <label className="text-xs font-medium text-slate-600 lg:col-span-2">
        Name
        <input name="name" required className={input} aria-invalid={!!err("name")} />
        {err("name") ? <span className="text-xs text-red-600">{err("name")}</span> : null}
      </label>
      <label className="text-xs font-medium text-slate-600 lg:col-span-2">
        Email
        <input name="email" type="email" required className={input} aria-invalid={!!err("email")} />
        {err("email") ? <span className="text-xs text-red-600">{err("email")}</span> : null}
      </label>
      <label className="text-xs font-medium text-slate-600">
        Role
        <select name="role" defaultValue="AGENT" className={`${input} bg-white`}>
          <option value="AGENT">Agent</option>
          <option value="MANAGER">Manager</option>
          <option value="ADMIN">Admin</option>
        </select>
      </label>
      <label className="text-xs font-medium text-slate-600">
        Team
        <select name="teamId" defaultValue="" className={`${input} bg-white`}>
          <option value="">No team</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      {/* The hint is outside the label, so it describes the field without becoming part of its name. */}
      <div className="lg:col-span-2">
        <label className="text-xs font-medium text-slate-600">
          Initial password
          <input
            name="password"
            type="password"
            required
            minLength={10}
            className={input}
            aria-invalid={!!err("password")}
            aria-describedby="create-user-password-hint"
          />
        </label>
        <span
          id="create-user-password-hint"
          className={`block text-xs ${err("password") ? "text-red-600" : "text-slate-500"}`}
        >
          {err("password") ?? "10+ characters, not a leaked password, not their name or email"}
        </span>
      </div>
      <label className="text-xs font-medium text-slate-600">
        Capacity
        <input name="capacity" type="number" min={0} defaultValue={25} className={input} />
      </label>
      <div className="col-span-2 flex items-end gap-2 lg:col-span-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add user"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
        {otherError ? (
          <span role="alert" className="text-sm text-red-600">
            {otherError}
          </span>
        ) : null}
      </div>
    </form>
  );
}
