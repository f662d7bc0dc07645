"use client";

import { Search, X } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { buttonClass } from "@/components/ui/button";

type TOption = { id: string; name: string };

const select =
  "rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm ring-1 ring-slate-300 ring-inset";

/**
 * Queue filters. Every filter is a URL parameter, so a filtered view can be
 * bookmarked, shared or saved; changing one resets the page.
 */
export function QueueFilters({
  workflows,
  sources,
  teams,
  owners,
}: {
  workflows: TOption[];
  sources: TOption[];
  teams: TOption[];
  owners: TOption[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [q, setQ] = useState(params.get("q") ?? "");

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    next.delete("page");
    next.delete("open");
    router.push(`${pathname}?${next.toString()}`);
  };

  const filterKeys = ["q", "reason", "workflowId", "sourceId", "ownerId", "teamId", "sla", "age"];
  const active = filterKeys.some((k) => params.get(k));
  const pick = (key: string, label: string, options: TOption[], extra: TOption[] = []) => (
    <label className="text-xs font-medium text-slate-600">
      <span className="sr-only">{label}</span>
      <select
        aria-label={label}
        value={params.get(key) ?? ""}
        onChange={(e) => set({ [key]: e.target.value || null })}
        className={select}
      >
        <option value="">{label}: any</option>
        {[...extra, ...options].map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="mb-3 flex flex-wrap items-center gap-2">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: q.trim() || null });
        }}
        className="relative"
      >
        <Search
          className="pointer-events-none absolute top-2 left-2.5 h-4 w-4 text-slate-500"
          aria-hidden
        />
        <input
          aria-label="Search by email, company, record or event id"
          placeholder="Search email, company, id…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="w-64 rounded-md border-0 py-1.5 pr-2.5 pl-8 text-sm ring-1 ring-slate-300 ring-inset"
        />
      </form>
      {pick("workflowId", "Workflow", workflows)}
      {pick("sourceId", "Source", sources)}
      {pick("ownerId", "Owner", owners, [
        { id: "me", name: "Me" },
        { id: "none", name: "Unassigned" },
      ])}
      {pick("teamId", "Team", teams)}
      {pick("sla", "SLA", [
        { id: "on_track", name: "On track" },
        { id: "due_soon", name: "Due soon" },
        { id: "breached", name: "Breached" },
      ])}
      {pick("age", "Age", [
        { id: "1h", name: "Older than 1 h" },
        { id: "24h", name: "Older than 24 h" },
        { id: "7d", name: "Older than 7 d" },
      ])}
      {active ? (
        <button
          type="button"
          onClick={() => {
            setQ("");
            set(Object.fromEntries(filterKeys.map((k) => [k, null])));
          }}
          className={buttonClass("ghost", "sm")}
        >
          <X className="h-3.5 w-3.5" aria-hidden /> Clear filters
        </button>
      ) : null}
    </div>
  );
}
