"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import type { TActionData } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import type { TExceptionActionInput } from "@/lib/exceptions/schema";
import { typingInField } from "./queue-table";
import { DraftEditFields } from "./draft-review";
import type { TExceptionDetailView, TQueueActions } from "./types";

type TPreview = TQueueActions["preview"];
type TPreviewData = TActionData<TPreview>;
/** One action's fields; the submit adds the exception and the version the operator saw. */
type TActBody = TExceptionActionInput extends infer A
  ? A extends { version: number }
    ? Omit<A, "version">
    : never
  : never;

const LABELS: Record<string, string> = {
  approve: "Approve",
  reject: "Reject",
  reassign: "Reassign",
  replay: "Replay",
  edit_replay: "Edit & replay",
  escalate: "Escalate",
  close: "Close",
};
const SHORTCUTS: Record<string, TExceptionDetailView["actions"][number]> = {
  a: "approve",
  r: "reassign",
  e: "escalate",
};
const input =
  "mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";

/**
 * The actions an operator may take on this exception (only the ones its
 * reason and the caller's role allow), each with the little form it needs.
 * Every submit names the version the operator is looking at: if someone else
 * acted first, the server refuses (409) and the panel reloads the fresh state.
 */
export function ExceptionActions({
  detail,
  act,
  preview,
}: {
  detail: TExceptionDetailView;
  act: TQueueActions["act"];
  preview: TPreview;
}) {
  const router = useRouter();
  const x = detail.exception;
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, start] = useTransition();
  const actions = detail.actions;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingInField(e) || e.metaKey || e.ctrlKey || e.altKey) return;
      const action = SHORTCUTS[e.key];
      if (action && actions.includes(action)) {
        e.preventDefault();
        setOpen(action);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [actions]);

  const submit = (body: TActBody) =>
    start(async () => {
      setFieldErrors({});
      const res = await act({ exceptionId: x.id, version: x.version, ...body });
      if (res.ok) {
        setNotice({ tone: "ok", text: `${LABELS[body.action]}: done.` });
        setOpen(null);
      } else if (res.status === 409) {
        setNotice({
          tone: "error",
          text: "Someone else changed this exception first. Showing its current state — check it before acting again.",
        });
        setOpen(null);
      } else {
        setFieldErrors(res.fieldErrors ?? {});
        setNotice({ tone: "error", text: res.message });
      }
      router.refresh();
    });

  const noticeLine = notice ? (
    <p
      role={notice.tone === "error" ? "alert" : "status"}
      data-testid="action-notice"
      className={
        notice.tone === "error"
          ? "rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200"
          : "rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200"
      }
    >
      {notice.text}
    </p>
  ) : null;

  if (actions.length === 0) {
    // Also after the operator's own action resolved it: keep saying what that action did.
    return (
      <div className="space-y-3">
        {noticeLine}
        <p className="text-sm text-slate-500">
          {x.status === "RESOLVED"
            ? `Resolved${x.resolution ? ` (${x.resolution.toLowerCase()})` : ""}.`
            : x.status === "REPLAYING"
              ? "Replaying: it resolves once every action of the re-run is verified, and comes back to the queue if one fails."
              : "Your role cannot act on this exception."}
        </p>
      </div>
    );
  }
  const err = (f: string) => fieldErrors[f]?.[0];

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2" role="toolbar" aria-label="Actions">
        {actions.map((a) => (
          <Button
            key={a}
            size="sm"
            variant={
              a === "approve" ? "primary" : a === "reject" || a === "close" ? "danger" : "secondary"
            }
            aria-expanded={open === a}
            onClick={() => setOpen(open === a ? null : a)}
            disabled={pending}
          >
            {LABELS[a] ?? a}
          </Button>
        ))}
      </div>
      {noticeLine}
      {open ? (
        <form
          aria-label={`${LABELS[open]} exception`}
          className="space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200"
          onSubmit={(e) => {
            e.preventDefault();
            const body = actionBody(open, new FormData(e.currentTarget));
            if (body) submit(body);
          }}
        >
          <ActionFields action={open} detail={detail} err={err} preview={preview} />
          <div className="flex gap-2">
            <Button type="submit" size="sm" disabled={pending}>
              {pending ? "Working…" : `${LABELS[open]}`}
            </Button>
            <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(null)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

/** The fields of the open action's form, as that action's input. */
function actionBody(action: string, fd: FormData): TActBody | null {
  const get = (k: string) => (fd.get(k) as string | null)?.trim() || undefined;
  switch (action) {
    case "approve": {
      // A held email: the reviewer's subject and body are what is sent.
      const subject = fd.get("draftSubject");
      const text = fd.get("draftText");
      return typeof subject === "string" && typeof text === "string"
        ? { action, note: get("note"), draft: { subject, text } }
        : { action, note: get("note") };
    }
    case "escalate":
      return { action, note: get("note") };
    // Both are required fields: the browser asks for them, the server says what is missing.
    case "reject":
      return { action, reason: get("reason") ?? "" };
    case "close":
      return { action, note: get("note") ?? "" };
    case "reassign":
      return { action, ownerId: get("ownerId"), teamId: get("teamId"), note: get("note") };
    case "replay":
      return { action, from: get("from") === "failed_step" ? "failed_step" : "trigger" };
    case "edit_replay": {
      const patch: Record<string, unknown> = {};
      for (const [k, v] of fd.entries())
        if (k.startsWith("field:") && String(v) !== String(fd.get(`orig:${k.slice(6)}`)))
          patch[k.slice(6)] = parseValue(String(v));
      return { action, patch, note: get("note") };
    }
    default:
      return null;
  }
}

function parseValue(v: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v === "true" || v === "false") return v === "true";
  return v;
}

function ActionFields({
  action,
  detail,
  err,
  preview,
}: {
  action: string;
  detail: TExceptionDetailView;
  err: (f: string) => string | undefined;
  preview: TPreview;
}) {
  const note = (label: string, required = false, name = "note") => (
    <label className="block text-xs font-medium text-slate-600">
      {label}
      <textarea
        name={name}
        rows={2}
        required={required}
        aria-invalid={!!err(name)}
        className={input}
      />
      {err(name) ? <span className="text-xs text-red-600">{err(name)}</span> : null}
    </label>
  );
  switch (action) {
    case "approve": {
      if (detail.exception.reason === "DRAFT_REVIEW")
        return (
          <>
            <DraftEditFields context={detail.context} err={err} />
            {note("Note (optional)")}
          </>
        );
      const s = detail.suggestion as { ownerName?: string } | null;
      return (
        <>
          <p className="text-sm text-slate-700">
            {s?.ownerName
              ? `Hands the case to ${s.ownerName}, as suggested.`
              : "Accepts the engine's suggestion for this case."}
          </p>
          {note("Note (optional)")}
        </>
      );
    }
    case "reject":
      return note("Why is it rejected? (required)", true, "reason");
    case "close":
      return note("Resolution note (required)", true);
    case "escalate":
      return note("Note for the manager (optional)");
    case "reassign":
      return <ReassignFields detail={detail} err={err} />;
    case "replay":
      return <ReplayFields detail={detail} preview={preview} />;
    case "edit_replay":
      return (
        <EditFields
          payload={detail.payload}
          err={err}
          noteField={note("What did you fix? (optional)")}
        />
      );
    default:
      return null;
  }
}

function ReassignFields({
  detail,
  err,
}: {
  detail: TExceptionDetailView;
  err: (f: string) => string | undefined;
}) {
  const options = detail.reassign;
  return (
    <div className="grid gap-2">
      <label className="block text-xs font-medium text-slate-600">
        Owner
        <select
          name="ownerId"
          defaultValue=""
          className={`${input} bg-white`}
          aria-invalid={!!err("ownerId")}
        >
          <option value="">Pick someone (or choose a team below)</option>
          {options?.candidates.map((c) => (
            <option key={c.id} value={c.id} disabled={!!c.unavailable}>
              {c.name} — {c.openHandoffs}/{c.capacity} open
              {c.unavailable ? ` (${c.unavailable})` : ""}
            </option>
          ))}
        </select>
        {err("ownerId") ? <span className="text-xs text-red-600">{err("ownerId")}</span> : null}
      </label>
      <label className="block text-xs font-medium text-slate-600">
        Or a team (round-robin picks the member)
        <select name="teamId" defaultValue="" className={`${input} bg-white`}>
          <option value="">—</option>
          {options?.teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** What a replay will do with each delivery, in words (future tense: nothing has run yet). */
const EFFECT_WORDS: Record<TPreviewData["deliveries"][number]["effect"], string> = {
  sent: "will be sent again (it never succeeded).",
  sent_if_handed_off: "will be sent if the new decision hands the event off.",
  sent_receiver_dedupes:
    "will be sent again with the key it already applied, so the receiver drops the repeat.",
  not_sent: "is not sent again (it succeeded).",
};

function ReplayFields({ detail, preview }: { detail: TExceptionDetailView; preview: TPreview }) {
  const [from, setFrom] = useState<"trigger" | "failed_step">(
    ["DELIVERY_REJECTED", "DEAD_LETTER", "VERIFY_MISMATCH", "RECONCILE_DRIFT"].includes(
      detail.exception.reason,
    )
      ? "failed_step"
      : "trigger",
  );
  const [plan, setPlan] = useState<TPreviewData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void preview({ exceptionId: detail.exception.id, from }).then((res) => {
      if (!live) return;
      if (res.ok) {
        setPlan(res.data);
        setError(null);
      } else setError(res.message);
    });
    return () => {
      live = false;
    };
  }, [from, detail.exception.id, preview]);
  return (
    <div className="space-y-2 text-sm">
      <fieldset className="flex gap-4">
        <legend className="sr-only">Replay from</legend>
        {(["trigger", "failed_step"] as const).map((f) => (
          <label key={f} className="flex items-center gap-1.5">
            <input
              type="radio"
              name="from"
              value={f}
              checked={from === f}
              onChange={() => setFrom(f)}
            />
            {f === "trigger" ? "From the trigger" : "From the failed step"}
          </label>
        ))}
      </fieldset>
      <div data-testid="replay-preview" className="rounded-md bg-white p-2.5 ring-1 ring-slate-200">
        {error ? <p className="text-red-700">{error}</p> : null}
        {plan ? (
          <>
            {!plan.allowed ? <p className="font-medium text-red-700">{plan.refusal}</p> : null}
            <p className="text-slate-700">
              Steps that run again: {plan.steps.join(" → ") || "none"}
            </p>
            <p className="text-slate-700">Handoff: {plan.handoff}</p>
            <p className="mt-1 text-xs font-medium text-slate-600">If you replay:</p>
            <ul className="space-y-0.5 text-xs text-slate-600">
              {plan.deliveries.map((d) => (
                <li key={`${d.destinationKey}-${d.actionName}`}>
                  “{d.actionName}” to {d.destinationName} {EFFECT_WORDS[d.effect]}
                </li>
              ))}
              {plan.deliveries.length === 0 ? <li>No outbound action fires.</li> : null}
            </ul>
            {plan.warnings.length > 0 ? (
              <ul
                role="alert"
                className="mt-2 space-y-1 rounded bg-amber-50 p-2 text-xs text-amber-900"
              >
                {plan.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            ) : null}
            <p className="mt-2 text-xs text-slate-500">
              {plan.waitsForRecovery
                ? "Replaying now queues it to wait for the destination's recovery."
                : "The item shows “replaying” until every action is verified, and comes back here if one fails."}
            </p>
          </>
        ) : !error ? (
          <p className="text-slate-500">Working out what would fire again…</p>
        ) : null}
      </div>
    </div>
  );
}

function EditFields({
  payload,
  err,
  noteField,
}: {
  payload: unknown;
  err: (f: string) => string | undefined;
  noteField: React.ReactNode;
}) {
  const fields =
    payload && typeof payload === "object" && !Array.isArray(payload)
      ? Object.entries(payload as Record<string, unknown>).filter(
          ([, v]) => v === null || typeof v !== "object",
        )
      : [];
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-600">
        Fix the fields, then the event runs through the pipeline again. The edit is recorded in the
        audit log.
      </p>
      <div className="grid max-h-64 grid-cols-1 gap-2 overflow-auto">
        {fields.map(([k, v]) => (
          <label key={k} className="block text-xs font-medium text-slate-600">
            {k}
            <input
              name={`field:${k}`}
              defaultValue={v === null ? "" : String(v)}
              className={`${input} font-mono`}
            />
            <input type="hidden" name={`orig:${k}`} value={v === null ? "" : String(v)} />
          </label>
        ))}
      </div>
      {err("patch") ? <p className="text-xs text-red-600">{err("patch")}</p> : null}
      {noteField}
    </div>
  );
}
