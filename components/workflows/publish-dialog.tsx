"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { REASON_LABELS, type TExceptionReason } from "@/lib/exception-model/allowed-actions";
import type { TBacktest } from "@/lib/workflows/backtest";
import { TextField } from "./form-bits";

type TOk<T> = { ok: true; data: T } | { ok: false; message: string };

/** The days of events the confirmation replays (the Backtest tab's default). */
export const PUBLISH_BACKTEST_DAYS = 7;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The backtest in a sentence or two, as the person about to publish needs it. */
function Summary({ bt }: { bt: TBacktest }) {
  if (bt.events === 0) {
    return (
      <p>
        No events in the last {bt.days} days to replay, so the backtest cannot tell what this
        version would change.
      </p>
    );
  }
  const c = bt.changed;
  const replayed = `Replayed ${plural(bt.events, "recent event")} (the last ${bt.days} days${
    bt.truncated ? `, the newest ${bt.limit}` : ""
  })`;
  const reasons = bt.draft.exceptionsByReason
    .map((r) => `${REASON_LABELS[r.reason as TExceptionReason] ?? r.reason} ${r.count}`)
    .join(", ");
  return (
    <>
      <p>
        {replayed}: <strong>{c.routeChanges}</strong> would route differently,{" "}
        <strong>{c.newExceptions}</strong> {c.newExceptions === 1 ? "becomes a" : "become"} new
        exception{c.newExceptions === 1 ? "" : "s"}
        {c.resolvedExceptions > 0
          ? [
              ", ",
              <strong key="n">{c.resolvedExceptions}</strong>,
              ` exception${c.resolvedExceptions === 1 ? "" : "s"} would be handed off instead`,
            ]
          : ""}
        {c.ownerChanges > 0 ? `, ${c.ownerChanges} only go to another member of the same team` : ""}
        .
      </p>
      <p className="text-slate-600">
        {bt.published.label}: {plural(bt.published.handoffs, "handoff")},{" "}
        {plural(bt.published.exceptions, "exception")}. This draft:{" "}
        {plural(bt.draft.handoffs, "handoff")}, {plural(bt.draft.exceptions, "exception")}
        {reasons ? ` (${reasons})` : ""}.
      </p>
    </>
  );
}

/**
 * Confirms a publish: replays recent events through the saved draft (the
 * backtest, which writes nothing) and shows what would change before the
 * person confirms. The server checks the role again on both calls. Mounted
 * to open; Escape, Cancel and a finished publish close it (onClose unmounts).
 */
export function PublishDialog({
  workflowName,
  nextVersion,
  initialNote,
  routingNote,
  backtest,
  publish,
  onClose,
  onPublished,
}: {
  workflowName: string;
  nextVersion: number;
  initialNote?: string;
  /** What publishing changes for the source's events, when that needs saying. */
  routingNote?: string;
  backtest: (input: { days: number }) => Promise<TOk<TBacktest>>;
  publish: (note: string) => Promise<TOk<{ version: number }>>;
  onClose: () => void;
  onPublished: (version: number) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [note, setNote] = useState(initialNote ?? "");
  const [bt, setBt] = useState<TOk<TBacktest> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    let live = true;
    backtest({ days: PUBLISH_BACKTEST_DAYS }).then(
      (res) => live && setBt(res),
      () => live && setBt({ ok: false, message: "The backtest could not run." }),
    );
    return () => {
      live = false;
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, when it opens

  const confirm = () =>
    start(async () => {
      const res = await publish(note.trim());
      if (!res.ok) {
        setError(res.message);
        return;
      }
      onPublished(res.data.version);
      dialog.current?.close();
    });

  return (
    <dialog
      ref={dialog}
      aria-labelledby="publish-title"
      aria-describedby="publish-backtest"
      onClose={onClose}
      className="m-auto w-[min(34rem,calc(100vw-2rem))] rounded-lg bg-white p-5 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
    >
      <h2 id="publish-title" className="text-base font-semibold text-slate-900">
        Publish v{nextVersion} of {workflowName}?
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        The saved draft becomes v{nextVersion}: events this workflow takes from now on are decided
        by it; events already decided keep their version.
        {routingNote ? ` ${routingNote}` : ""}
      </p>
      <div
        id="publish-backtest"
        data-testid="publish-backtest"
        aria-live="polite"
        aria-busy={!bt}
        className="mt-3 space-y-1 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800 ring-1 ring-slate-200"
      >
        {!bt ? <p className="text-slate-500">Replaying recent events through the draft…</p> : null}
        {bt && bt.ok ? <Summary bt={bt.data} /> : null}
        {bt && !bt.ok ? <p className="text-red-700">Backtest failed: {bt.message}</p> : null}
      </div>
      <form
        className="mt-4 space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          confirm();
        }}
      >
        <TextField
          id="publish-dialog-note"
          label={`Note for v${nextVersion} (what changed and why)`}
          value={note}
          onChange={setNote}
        />
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {/* Enabled once the backtest has answered, so the summary is read before confirming. */}
          <Button type="submit" disabled={pending || !bt}>
            {pending ? "Publishing…" : `Publish v${nextVersion}`}
          </Button>
          <Button type="button" variant="ghost" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
        </div>
      </form>
    </dialog>
  );
}
