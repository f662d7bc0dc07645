"use client";

import { useState, useTransition } from "react";
import type { TActionResult } from "@/lib/server/action";

/** The text input look shared by the source and destination forms. */
export const inputClass =
  "mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm font-normal text-slate-900 ring-1 ring-slate-300 ring-inset read-only:bg-slate-50 disabled:bg-slate-50 disabled:text-slate-500 aria-invalid:ring-red-400";

/** A server action as a client component receives it: one input, one result. */
export type TAction<I, T> = (input: I) => Promise<TActionResult<T>>;

/** What an action answers when it succeeds: `TActionData<typeof bulkAction>`. */
export type TActionData<A> = A extends (input: never) => Promise<TActionResult<infer T>>
  ? T
  : never;

/** The refusal half of an action result. */
export type TActionRefusal = Extract<TActionResult<unknown>, { ok: false }>;

/**
 * The one way a client component runs a server action and shows its answer:
 * field errors by name for the `Field`s, the refusal's message for the line
 * under the buttons, and what the action returned for `onOk`. Submitting with
 * onSubmit (not a form action) keeps what was typed when the server refuses it.
 */
export function useActionForm<I, T>(action?: TAction<I, T>) {
  const [result, setResult] = useState<TActionResult<T> | null>(null);
  const [pending, start] = useTransition();
  const run = (input: I, onOk?: (data: T) => void, onRefused?: (refusal: TActionRefusal) => void) =>
    start(async () => {
      // Read-only pages pass no action; their controls are disabled anyway.
      if (!action) return;
      const res = await action(input);
      setResult(res);
      if (res.ok) onOk?.(res.data);
      else onRefused?.(res);
    });
  const refusal = result && !result.ok ? result : undefined;
  const fieldError = (name: string) => refusal?.fieldErrors?.[name]?.[0];
  /**
   * The first error among `names` (any field's when none are named), else the
   * message: for a form with one line of feedback and no per-field errors.
   */
  const firstError = (...names: string[]) => {
    if (!refusal) return undefined;
    const errors = refusal.fieldErrors ?? {};
    const keys = names.length > 0 ? names : Object.keys(errors);
    for (const k of keys) if (errors[k]?.[0]) return errors[k][0];
    return refusal.message;
  };
  /** A refusal found before sending (a required field left empty), shown like the server's. */
  const refuse = (fieldErrors: Record<string, string[]>) =>
    setResult({
      ok: false,
      code: "VALIDATION_FAILED",
      status: 400,
      message: "Check the highlighted fields.",
      fieldErrors,
      requestId: "",
    });
  return {
    result,
    pending,
    run,
    fieldError,
    firstError,
    // With field errors this is "Check the highlighted fields."; the details sit by each field.
    formError: refusal?.message,
    /** The message only when no field carries the details (forms that do not repeat them). */
    otherError: refusal && !refusal.fieldErrors ? refusal.message : undefined,
    refuse,
    reset: () => setResult(null),
  };
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
