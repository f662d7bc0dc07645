"use client";

import { useState, useTransition } from "react";
import type { TActionResult } from "@/lib/server/action";

/** The text input look shared by the source and destination forms. */
export const inputClass =
  "mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm font-normal text-slate-900 ring-1 ring-slate-300 ring-inset read-only:bg-slate-50 disabled:bg-slate-50 disabled:text-slate-500 aria-invalid:ring-red-400";

/**
 * Runs a server action from a form and keeps its answer: field errors by
 * name for the `Field`s, a message otherwise. Submitting with onSubmit (not a
 * form action) keeps what was typed when the server refuses it.
 */
export function useActionForm<I, T>(action?: (input: I) => Promise<TActionResult<T>>) {
  const [result, setResult] = useState<TActionResult<T> | null>(null);
  const [pending, start] = useTransition();
  const run = (input: I, onOk?: (data: T) => void) =>
    start(async () => {
      // Read-only pages pass no action; their controls are disabled anyway.
      if (!action) return;
      const res = await action(input);
      setResult(res);
      if (res.ok) onOk?.(res.data);
    });
  const fieldError = (name: string) =>
    result && !result.ok ? result.fieldErrors?.[name]?.[0] : undefined;
  // With field errors this is "Check the highlighted fields."; the details sit by each field.
  const formError = result && !result.ok ? result.message : undefined;
  return { result, pending, run, fieldError, formError, reset: () => setResult(null) };
}

/** The line under a form's buttons: the refusal, or what the save did. */
export function FormStatus({ error, ok }: { error?: string; ok?: string | null }) {
  if (error) {
    return (
      <span role="alert" className="text-sm text-red-600">
        {error}
      </span>
    );
  }
  if (ok) {
    return (
      <span role="status" className="text-sm text-emerald-700">
        {ok}
      </span>
    );
  }
  return null;
}

/** "Saved: name, maxBodyBytes" or "No changes", from an update's `changed` list. */
export function savedText(changed: string[], labels: Record<string, string> = {}) {
  return changed.length === 0
    ? "No changes to save."
    : `Saved: ${changed.map((c) => labels[c] ?? c).join(", ")}.`;
}
