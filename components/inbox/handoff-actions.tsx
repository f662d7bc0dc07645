"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { THandoffAction } from "@/lib/handoffs/schema";
import { OutcomeForm, TextActionForm } from "./action-forms";
import type { TActFn, TActInput } from "./types";

type TMode = Exclude<THandoffAction, "accept"> | null;
type TNotice =
  | { kind: "done"; text: string }
  | { kind: "error" | "invalid"; text: string }
  | { kind: "conflict"; text: string }
  | null;
type TBody = TActInput extends infer U
  ? U extends unknown
    ? Omit<U, "handoffId" | "version">
    : never
  : never;

const DONE: Record<THandoffAction, string> = {
  accept: "Accepted. It is yours now.",
  complete: "Outcome recorded. The handoff is finished.",
  hand_back: "Handed back. Your manager will route it again.",
  ask_manager: "Question sent. The handoff stays yours while you wait.",
};

const TOGGLES: [Exclude<TMode, null>, string][] = [
  ["complete", "Record outcome"],
  ["hand_back", "Hand back"],
  ["ask_manager", "Ask a manager"],
];

/**
 * The actions the handoff's state allows, each sent with the version the
 * page rendered. Success and conflicts refresh the server-rendered panel; a
 * conflict says so and shows the fresh state instead of overwriting it.
 */
export function HandoffActions({
  handoffId,
  version,
  actions,
  outcomes,
  act,
}: {
  handoffId: string;
  version: number;
  actions: THandoffAction[];
  outcomes: string[];
  act: TActFn;
}) {
  const router = useRouter();
  const [mode, setMode] = useState<TMode>(null);
  const [notice, setNotice] = useState<TNotice>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [pending, start] = useTransition();

  const run = (body: TBody) =>
    start(async () => {
      setNotice(null);
      const res = await act({ handoffId, version, ...body });
      setErrors(res.ok ? {} : (res.fieldErrors ?? {}));
      if (res.ok) {
        setMode(null);
        setNotice({ kind: "done", text: DONE[body.action] });
        router.refresh();
      } else if (res.code === "CONFLICT") {
        setNotice({ kind: "conflict", text: res.message });
        router.refresh();
      } else {
        setNotice({ kind: res.fieldErrors ? "invalid" : "error", text: res.message });
      }
    });
  const toggle = (m: Exclude<TMode, null>) => {
    setErrors({});
    setNotice(null);
    setMode(mode === m ? null : m);
  };
  const shown = mode && actions.includes(mode) ? mode : null;

  return (
    <div className="px-5 pb-4">
      {actions.length ? (
        <div className="flex flex-wrap gap-2" role="group" aria-label="Actions">
          {actions.includes("accept") ? (
            <Button size="sm" disabled={pending} onClick={() => run({ action: "accept" })}>
              Accept
            </Button>
          ) : null}
          {TOGGLES.filter(([m]) => actions.includes(m)).map(([m, label]) => (
            <Button
              key={m}
              size="sm"
              variant={m === "hand_back" ? "danger" : "secondary"}
              aria-expanded={shown === m}
              className="aria-expanded:bg-slate-100 aria-expanded:ring-slate-400"
              disabled={pending && shown !== m}
              onClick={() => toggle(m)}
            >
              {label}
            </Button>
          ))}
        </div>
      ) : (
        <p className="text-sm text-slate-500">No actions: this handoff is finished.</p>
      )}
      {shown === "complete" ? (
        <OutcomeForm
          outcomes={outcomes}
          pending={pending}
          errors={errors}
          onCancel={() => setMode(null)}
          onSubmit={(v) => run({ action: "complete", ...v })}
        />
      ) : shown === "hand_back" ? (
        <TextActionForm
          label="Hand back"
          field="reason"
          fieldLabel="Reason"
          hint="Required. Your manager reads it and routes the lead again."
          submit="Hand back"
          pending={pending}
          errors={errors}
          onCancel={() => setMode(null)}
          onSubmit={(reason) => run({ action: "hand_back", reason })}
        />
      ) : shown === "ask_manager" ? (
        <TextActionForm
          label="Ask a manager"
          field="note"
          fieldLabel="Question for your manager"
          hint="The handoff stays yours while you wait for the answer."
          submit="Send question"
          pending={pending}
          errors={errors}
          onCancel={() => setMode(null)}
          onSubmit={(note) => run({ action: "ask_manager", note })}
        />
      ) : null}
      {notice?.kind === "conflict" ? (
        <div
          role="alert"
          data-testid="handoff-conflict"
          className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
        >
          <p className="font-medium">
            Someone else changed this handoff — here is its current state.
          </p>
          <p className="mt-0.5 text-xs text-amber-800">{notice.text}</p>
        </div>
      ) : notice?.kind === "error" ? (
        <p role="alert" data-testid="handoff-action-error" className="mt-3 text-sm text-red-600">
          {notice.text}
        </p>
      ) : notice?.kind === "invalid" ? (
        // The field says what is wrong (and has focus); this only announces it.
        <p role="alert" className="sr-only">
          {notice.text}
        </p>
      ) : null}
      <p role="status" className="mt-2 text-sm text-emerald-700 empty:hidden">
        {notice?.kind === "done" ? notice.text : ""}
      </p>
    </div>
  );
}
