"use client";

import { type TAction, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Field, fieldAria } from "@/components/ui/field";

export type TEditableUser = {
  id: string;
  name: string;
  role: "ADMIN" | "MANAGER" | "AGENT";
  teamId: string | null;
  capacity: number;
  available: boolean;
  outOfOfficeFrom: string | null;
  outOfOfficeUntil: string | null;
};

export type TUpdateUserInput = {
  userId: string;
  role: TEditableUser["role"];
  teamId: string | null;
  capacity: string;
  available: boolean;
  outOfOfficeFrom: string | null;
  outOfOfficeUntil: string | null;
};

const input =
  "mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";

// Out-of-office days are whole UTC days, as every time in Baton is shown in UTC:
// from the start of the first day to the end of the last.
const toDay = (iso: string | null) => (iso ? iso.slice(0, 10) : "");
const dayStart = (d: string) => (d ? `${d}T00:00:00.000Z` : null);
const dayEnd = (d: string) => (d ? `${d}T23:59:59.999Z` : null);

const ROLE_WORDS = { ADMIN: "admin", MANAGER: "manager", AGENT: "agent" } as const;

/** What a save changed, in words, for the confirmation under the table's header. */
export function describeChanges(
  user: TEditableUser,
  next: TUpdateUserInput,
  teams: { id: string; name: string }[],
): string {
  const parts: string[] = [];
  if (next.role !== user.role) parts.push(`role ${ROLE_WORDS[next.role]}`);
  if (next.teamId !== user.teamId) {
    parts.push(
      next.teamId ? `team ${teams.find((t) => t.id === next.teamId)?.name ?? "?"}` : "no team",
    );
  }
  if (Number(next.capacity) !== user.capacity) parts.push(`capacity ${Number(next.capacity)}`);
  if (next.available !== user.available) {
    parts.push(next.available ? "taking work" : "not taking work");
  }
  const from = toDay(next.outOfOfficeFrom);
  const until = toDay(next.outOfOfficeUntil);
  if (from !== toDay(user.outOfOfficeFrom) || until !== toDay(user.outOfOfficeUntil)) {
    parts.push(
      from || until
        ? `out of office ${from || "now"} to ${until || "further notice"}`
        : "no time off",
    );
  }
  return parts.length ? parts.join(", ") : "nothing changed";
}

/** An admin's form for one person's role, team, capacity, availability and time off. */
export function EditUserForm({
  user,
  teams,
  action,
  onDone,
}: {
  user: TEditableUser;
  teams: { id: string; name: string }[];
  action: TAction<TUpdateUserInput, unknown>;
  /** Closes the form: after a save with what changed in words ("capacity 7, …"), else nothing. */
  onDone: (changed?: string) => void;
}) {
  const { run, pending, fieldError: err, otherError, refuse } = useActionForm(action);
  const id = (f: string) => `edit-${user.id}-${f}`;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        const s = (k: string) => String(fd.get(k) ?? "").trim();
        if (s("capacity") === "") {
          refuse({ capacity: ["Enter a capacity (0 or more)"] });
          return;
        }
        const input: TUpdateUserInput = {
          userId: user.id,
          role: s("role") as TEditableUser["role"],
          teamId: s("teamId") || null,
          capacity: s("capacity"),
          available: fd.get("available") === "on",
          outOfOfficeFrom: dayStart(s("outOfOfficeFrom")),
          outOfOfficeUntil: dayEnd(s("outOfOfficeUntil")),
        };
        run(input, () => onDone(describeChanges(user, input, teams)));
      }}
      aria-label={`Edit ${user.name}`}
      noValidate
      className="mb-6 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <h2 className="mb-3 text-sm font-semibold text-slate-900">Edit {user.name}</h2>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-6">
        <Field id={id("role")} label="Role" error={err("role")}>
          <select
            id={id("role")}
            name="role"
            defaultValue={user.role}
            className={`${input} bg-white`}
            {...fieldAria(id("role"), err("role"))}
          >
            <option value="AGENT">Agent</option>
            <option value="MANAGER">Manager</option>
            <option value="ADMIN">Admin</option>
          </select>
        </Field>
        <Field id={id("team")} label="Team" error={err("teamId")}>
          <select
            id={id("team")}
            name="teamId"
            defaultValue={user.teamId ?? ""}
            className={`${input} bg-white`}
            {...fieldAria(id("team"), err("teamId"))}
          >
            <option value="">No team</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id={id("capacity")}
          label="Capacity"
          hint="Open handoffs at most"
          error={err("capacity")}
        >
          <input
            id={id("capacity")}
            name="capacity"
            type="number"
            min={0}
            max={1000}
            defaultValue={user.capacity}
            className={input}
            {...fieldAria(id("capacity"), err("capacity"), true)}
          />
        </Field>
        <Field
          id={id("from")}
          label="Out of office from"
          hint="First day away (UTC)"
          error={err("outOfOfficeFrom")}
        >
          <input
            id={id("from")}
            name="outOfOfficeFrom"
            type="date"
            defaultValue={toDay(user.outOfOfficeFrom)}
            className={input}
            {...fieldAria(id("from"), err("outOfOfficeFrom"), true)}
          />
        </Field>
        <Field
          id={id("until")}
          label="Out of office until"
          hint="Last day away (UTC)"
          error={err("outOfOfficeUntil")}
        >
          <input
            id={id("until")}
            name="outOfOfficeUntil"
            type="date"
            defaultValue={toDay(user.outOfOfficeUntil)}
            className={input}
            {...fieldAria(id("until"), err("outOfOfficeUntil"), true)}
          />
        </Field>
        <div className="flex items-center pt-5">
          <label className="inline-flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              name="available"
              defaultChecked={user.available}
              className="h-4 w-4 rounded border-slate-300"
            />
            Takes new work
          </label>
        </div>
      </div>
      <div className="mt-4 flex items-center gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save changes"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => onDone()}>
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
