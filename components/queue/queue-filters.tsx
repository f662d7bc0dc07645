"use client";

import { SlidersHorizontal, Search, X } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

type TOption = { id: string; name: string };

const select =
  "rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm ring-1 ring-slate-300 ring-inset";

const noSubscription = () => () => {};

/** A day picked in a date input, as the instant its local midnight is. */
function localMidnight(day: string, plusDays = 0): string | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(day);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString();
}

/** An instant from the URL as the local day a date input shows (`before` ends the day earlier). */
function localDay(iso: string | null, before = false): string {
  if (!iso) return "";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "";
  const d = new Date(before ? t - 1 : t);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

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
  // Local days depend on the browser's time zone: shown once hydrated (the
  // server renders the inputs empty).
  const mounted = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

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

  const filterKeys = [
    "q",
    "reason",
    "workflowId",
    "sourceId",
    "ownerId",
    "teamId",
    "sla",
    "age",
    "createdFrom",
    "createdBefore",
  ];
  const active = filterKeys.some((k) => params.get(k));
  // On a phone the selects fold behind one button (they filled the first
  // screen); the number on it says how many are set.
  const [showAll, setShowAll] = useState(false);
  const setCount = filterKeys.filter((k) => k !== "q" && k !== "reason" && params.get(k)).length;
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
          className="w-64 rounded-md border-0 py-1.5 pr-2.5 pl-8 text-sm ring-1 ring-slate-300 ring-inset max-md:w-52"
        />
      </form>
      <button
        type="button"
        aria-expanded={showAll}
        aria-controls="queue-more-filters"
        onClick={() => setShowAll(!showAll)}
        className={cn(buttonClass("secondary", "sm"), "md:hidden")}
      >
        <SlidersHorizontal className="h-3.5 w-3.5" aria-hidden />
        Filters{setCount ? ` · ${setCount}` : ""}
      </button>
      <div
        id="queue-more-filters"
        className={cn("flex flex-wrap items-center gap-2", !showAll && "max-md:hidden")}
      >
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
        <fieldset className="flex items-center gap-1 text-xs text-slate-600">
          <legend className="sr-only">Opened between</legend>
          <span aria-hidden>Opened</span>
          <input
            type="date"
            aria-label="Opened from (day)"
            value={mounted ? localDay(params.get("createdFrom")) : ""}
            onChange={(e) => set({ createdFrom: localMidnight(e.target.value) })}
            className="rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset"
          />
          <span aria-hidden>–</span>
          <input
            type="date"
            aria-label="Opened until (day, inclusive)"
            value={mounted ? localDay(params.get("createdBefore"), true) : ""}
            onChange={(e) => set({ createdBefore: localMidnight(e.target.value, 1) })}
            className="rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset"
          />
        </fieldset>
      </div>
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
