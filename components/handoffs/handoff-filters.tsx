"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";

type TOption = { id: string; name: string };

const select =
  "rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm ring-1 ring-slate-300 ring-inset";

/** Minimum ages a manager asks about ("waiting longer than…"), as the URL's `age`. */
export const AGE_OPTIONS = [
  { value: "", label: "Any age" },
  { value: "1h", label: "Waiting over 1 hour" },
  { value: "4h", label: "Waiting over 4 hours" },
  { value: "24h", label: "Waiting over a day" },
  { value: "3d", label: "Waiting over 3 days" },
] as const;

/** The handoffs view's filters, each a URL parameter (changing one resets the page). */
export function HandoffFilters({ teams, owners }: { teams: TOption[]; owners: TOption[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("page");
    next.delete("open");
    router.push(`${pathname}?${next.toString()}`);
  };
  const field = (
    key: string,
    label: string,
    options: readonly { value: string; label: string }[],
  ) => (
    <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
      {label}
      <select
        aria-label={label}
        className={select}
        value={params.get(key) ?? ""}
        onChange={(e) => set(key, e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div role="group" aria-label="Filter handoffs" className="mb-4 flex flex-wrap items-end gap-3">
      {field("state", "State", [
        { value: "", label: "Pending or accepted" },
        { value: "pending", label: "Unanswered (pending)" },
        { value: "accepted", label: "Accepted" },
      ])}
      {field("teamId", "Team", [
        { value: "", label: "All teams" },
        ...teams.map((t) => ({ value: t.id, label: t.name })),
      ])}
      {field("ownerId", "Owner", [
        { value: "", label: "Everyone" },
        ...owners.map((o) => ({ value: o.id, label: o.name })),
      ])}
      {field("age", "Age", AGE_OPTIONS)}
    </div>
  );
}
