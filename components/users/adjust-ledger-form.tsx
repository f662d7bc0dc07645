"use client";

import { useRef, useState } from "react";
import type { adjustLedgerAction } from "@/app/(app)/users/teams/actions";
import { useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Field, fieldAria } from "@/components/ui/field";

export type TAdjustLedgerInput = {
  teamId: string;
  userId: string;
  delta?: string;
  adjustment?: string;
  weight?: string;
  reason: string;
};

const input =
  "mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";

/**
 * An admin's ledger change: add to the adjustment or set it, and/or set the
 * weight, always with a reason (it lands in the audit log).
 */
export function AdjustLedgerForm({
  teamId,
  members,
  action,
}: {
  teamId: string;
  members: { userId: string; name: string }[];
  action: typeof adjustLedgerAction;
}) {
  const { run, pending, result, fieldError: err } = useActionForm(action);
  const [mode, setMode] = useState<"delta" | "adjustment">("delta");
  const form = useRef<HTMLFormElement>(null);
  const amountError = err(mode) ?? (mode === "adjustment" ? undefined : err("adjustment"));

  return (
    <form
      ref={form}
      aria-label="Adjust the ledger"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        const s = (k: string) => String(fd.get(k) ?? "").trim();
        const input: TAdjustLedgerInput = {
          teamId,
          userId: s("userId"),
          ...(s("amount") ? { [mode]: s("amount") } : {}),
          ...(s("weight") ? { weight: s("weight") } : {}),
          reason: s("reason"),
        };
        run(input, () => form.current?.reset());
      }}
      className="grid grid-cols-2 gap-3 border-t border-slate-100 px-5 py-4 lg:grid-cols-12"
    >
      <Field id="adj-member" label="Member" error={err("userId")} className="lg:col-span-3">
        <select
          id="adj-member"
          name="userId"
          className={`${input} bg-white`}
          {...fieldAria("adj-member", err("userId"))}
        >
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="lg:col-span-2">
        <legend className="text-xs font-medium text-slate-600">Change</legend>
        <div className="mt-1.5 flex gap-3 text-sm text-slate-700">
          <label className="inline-flex items-center gap-1.5">
            <input
              type="radio"
              name="mode"
              checked={mode === "delta"}
              onChange={() => setMode("delta")}
            />
            Add
          </label>
          <label className="inline-flex items-center gap-1.5">
            <input
              type="radio"
              name="mode"
              checked={mode === "adjustment"}
              onChange={() => setMode("adjustment")}
            />
            Set to
          </label>
        </div>
      </fieldset>
      <Field
        id="adj-amount"
        label={mode === "delta" ? "Adjustment delta" : "Adjustment"}
        hint={mode === "delta" ? "+2 holds back 2 leads" : "Replaces the adjustment"}
        error={amountError ?? err("delta")}
        className="lg:col-span-2"
      >
        <input
          id="adj-amount"
          name="amount"
          type="number"
          step={1}
          className={input}
          {...fieldAria("adj-amount", amountError ?? err("delta"), true)}
        />
      </Field>
      <Field
        id="adj-weight"
        label="Weight"
        hint="Blank keeps it; 0 pauses"
        error={err("weight")}
        className="lg:col-span-2"
      >
        <input
          id="adj-weight"
          name="weight"
          type="number"
          min={0}
          max={100}
          step={1}
          className={input}
          {...fieldAria("adj-weight", err("weight"), true)}
        />
      </Field>
      <Field
        id="adj-reason"
        label="Reason"
        error={err("reason")}
        className="col-span-2 lg:col-span-2"
      >
        <input
          id="adj-reason"
          name="reason"
          required
          maxLength={500}
          placeholder="Why this change"
          className={input}
          {...fieldAria("adj-reason", err("reason"))}
        />
      </Field>
      <div className="flex items-start pt-5 lg:col-span-1">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Apply"}
        </Button>
      </div>
      {result ? (
        <p
          role={result.ok ? "status" : "alert"}
          className={`col-span-2 text-sm lg:col-span-12 ${result.ok ? "text-emerald-700" : "text-red-600"}`}
        >
          {result.ok ? "Ledger updated." : result.message}
        </p>
      ) : null}
    </form>
  );
}
