"use client";

import { Bookmark, Trash2 } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import type { TSavedViewActions } from "./types";

export type TSavedView = {
  id: string;
  name: string;
  query: string;
  shared: boolean;
  mine: boolean;
};

/** Named views of the queue (a saved URL query), private or shared with the team. */
export function SavedViews({
  views,
  save,
  remove,
}: {
  views: TSavedView[];
  save: TSavedViewActions["save"];
  remove: TSavedViewActions["remove"];
}) {
  const params = useSearchParams();
  const [saving, setSaving] = useState(false);
  const saver = useActionForm(save);
  const [removing, start] = useTransition();
  const pending = saver.pending || removing;
  const error = saver.firstError("name", "query");
  const query = (() => {
    const q = new URLSearchParams(params.toString());
    q.delete("open");
    q.delete("page");
    return q.toString();
  })();
  return (
    <div className="flex flex-wrap items-center gap-1.5 text-sm">
      <Bookmark className="h-4 w-4 text-slate-500" aria-hidden />
      {views.length === 0 ? (
        <span className="text-xs text-slate-500">No saved views yet</span>
      ) : null}
      {views.map((v) => (
        <span
          key={v.id}
          className="inline-flex items-center gap-1 rounded-md bg-white px-2 py-0.5 ring-1 ring-slate-200"
        >
          <Link href={`/queue?${v.query}`} className="hover:text-brand-700 text-slate-700">
            {v.name}
          </Link>
          {v.shared ? <span className="text-[10px] text-slate-500 uppercase">team</span> : null}
          {v.mine ? (
            <button
              type="button"
              aria-label={`Delete view ${v.name}`}
              disabled={pending}
              onClick={() => start(async () => void (await remove({ viewId: v.id })))}
              className="text-slate-500 hover:text-red-600"
            >
              <Trash2 className="h-3 w-3" />
            </button>
          ) : null}
        </span>
      ))}
      {saving ? (
        <form
          className="inline-flex items-center gap-1.5"
          onSubmit={(e) => {
            e.preventDefault();
            const fd = new FormData(e.currentTarget);
            saver.run(
              { name: String(fd.get("name") ?? ""), query, shared: fd.get("shared") === "on" },
              () => setSaving(false),
            );
          }}
        >
          <input
            name="name"
            aria-label="View name"
            placeholder="View name"
            className="rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset"
          />
          <label className="inline-flex items-center gap-1 text-xs text-slate-600">
            <input type="checkbox" name="shared" /> share with team
          </label>
          <Button size="sm" type="submit" disabled={pending}>
            Save
          </Button>
          {error ? (
            <span role="alert" className="text-xs text-red-600">
              {error}
            </span>
          ) : null}
        </form>
      ) : (
        <button
          type="button"
          onClick={() => setSaving(true)}
          className="text-brand-700 text-xs font-medium hover:underline"
        >
          Save this view
        </button>
      )}
    </div>
  );
}
