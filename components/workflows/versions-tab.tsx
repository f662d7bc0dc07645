"use client";

import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { TDiffEntry } from "@/lib/workflows/diff";
import { DiffList } from "./diff-list";
import { SelectField, TextField } from "./form-bits";
import type { TWorkflowView } from "./types";

type TOk<T> = { ok: true; data: T } | { ok: false; message: string };

/**
 * Versions with who/when/note, a diff between any two, publish with a note
 * (confirmed in the editor's publish dialog, which shows the backtest), roll back.
 */
export function VersionsTab({
  workflow,
  dirty,
  canEdit,
  onPublish,
  onRollback,
  onDiscard,
  diff,
  message,
  setMessage,
}: {
  workflow: TWorkflowView;
  dirty: boolean;
  canEdit: boolean;
  /** Opens the publish confirmation with this note. */
  onPublish: (note: string) => void;
  onRollback: (version: number) => Promise<TOk<{ version: number }>>;
  onDiscard: () => Promise<TOk<unknown>>;
  diff: (
    from: string,
    to: string,
  ) => Promise<TOk<{ from: string; to: string; changes: TDiffEntry[] }>>;
  /** Kept by the editor, so a publish confirmed in its dialog reports here. */
  message: { ok: boolean; text: string } | null;
  setMessage: (m: { ok: boolean; text: string } | null) => void;
}) {
  const current = workflow.publishedVersion?.version ?? null;
  const sides = [
    { value: "draft", label: "Draft" },
    ...workflow.versions.map((v) => ({
      value: String(v.version),
      label: `v${v.version}${v.version === current ? " (published)" : ""}`,
    })),
  ];
  const [from, setFrom] = useState(current ? String(current) : (sides[1]?.value ?? "draft"));
  const [to, setTo] = useState("draft");
  const [changes, setChanges] = useState<{
    from: string;
    to: string;
    changes: TDiffEntry[];
  } | null>(null);
  const [note, setNote] = useState("");
  const [confirm, setConfirm] = useState<number | null>(null);
  // A new published version took the note (in the dialog): start the next one empty.
  const [notedFor, setNotedFor] = useState(current);
  if (notedFor !== current) {
    setNotedFor(current);
    setNote("");
  }
  const [pending, start] = useTransition();

  const act = (fn: () => Promise<TOk<unknown>>, ok: string) =>
    start(async () => {
      const res = await fn();
      setMessage(res.ok ? { ok: true, text: ok } : { ok: false, text: res.message });
      setConfirm(null);
    });

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="space-y-4">
        {message ? (
          <p
            role="status"
            data-testid="versions-message"
            className={
              message.ok
                ? "rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
                : "rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
            }
          >
            {message.text}
          </p>
        ) : null}
        <Card>
          <CardHeader
            title="Versions"
            description="Published versions are immutable; new events use the published one, events already decided keep theirs."
          />
          {workflow.versions.length === 0 ? (
            <p className="p-5 text-sm text-slate-500" data-testid="never-published">
              Never published: no events are routed by this workflow until it is published.
            </p>
          ) : null}
          <ul className="divide-y divide-slate-100" aria-label="Versions">
            {workflow.versions.map((v) => (
              <li
                key={v.id}
                className="flex flex-wrap items-center justify-between gap-3 px-5 py-3"
                data-testid="version-row"
              >
                <div>
                  <div className="flex items-center gap-2">
                    <span className="font-semibold text-slate-900">v{v.version}</span>
                    {v.version === current ? <Badge tone="green">Published</Badge> : null}
                    {v.note ? <span className="text-sm text-slate-700">{v.note}</span> : null}
                  </div>
                  <div className="text-xs text-slate-500">
                    {v.publishedBy?.name ?? "system"} · {new Date(v.publishedAt).toLocaleString()}
                  </div>
                </div>
                {canEdit && v.version !== current ? (
                  confirm === v.version ? (
                    <div className="flex gap-2">
                      <Button
                        size="sm"
                        variant="danger"
                        disabled={pending}
                        onClick={() =>
                          act(() => onRollback(v.version), `Rolled back to v${v.version}.`)
                        }
                      >
                        Confirm roll back to v{v.version}
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => setConfirm(null)}>
                        Cancel
                      </Button>
                    </div>
                  ) : (
                    <Button size="sm" variant="secondary" onClick={() => setConfirm(v.version)}>
                      Roll back to v{v.version}
                    </Button>
                  )
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
        <Card>
          <CardHeader title="Compare" description="Pick any two: a version or the draft." />
          <div className="flex flex-wrap items-end gap-3 p-5">
            <SelectField
              id="diff-from"
              label="From"
              value={from}
              onChange={setFrom}
              options={sides}
              className="w-44"
            />
            <SelectField
              id="diff-to"
              label="To"
              value={to}
              onChange={setTo}
              options={sides}
              className="w-44"
            />
            <Button
              type="button"
              variant="secondary"
              disabled={pending}
              onClick={() =>
                start(async () => {
                  const res = await diff(from, to);
                  if (res.ok) setChanges(res.data);
                  else setMessage({ ok: false, text: res.message });
                })
              }
            >
              Show changes
            </Button>
          </div>
          {changes ? (
            <div className="border-t border-slate-100 px-5 py-3">
              <p className="mb-1 text-xs text-slate-500">
                {changes.from} → {changes.to}: {changes.changes.length} change(s)
              </p>
              <DiffList changes={changes.changes} />
            </div>
          ) : null}
        </Card>
      </div>
      {canEdit ? (
        <Card className="h-fit">
          <CardHeader
            title="Publish the draft"
            description="Creates the next version, after a backtest of the saved draft; the events this workflow takes from then on use it."
          />
          <div className="space-y-3 p-5">
            <TextField
              id="publish-note"
              label="Note (what changed and why)"
              value={note}
              onChange={setNote}
            />
            {dirty ? (
              <p className="text-xs text-amber-700">
                Save the draft first: publishing takes the saved draft.
              </p>
            ) : null}
            {!dirty && !workflow.hasUnpublishedChanges ? (
              <p className="text-xs text-slate-500">
                The draft is the published version: nothing to publish.
              </p>
            ) : null}
            <div className="flex gap-2">
              <Button
                type="button"
                disabled={pending || dirty || !workflow.hasUnpublishedChanges}
                onClick={() => {
                  setMessage(null);
                  onPublish(note);
                }}
              >
                Publish
              </Button>
              {workflow.publishedVersion && workflow.hasUnpublishedChanges ? (
                <Button
                  type="button"
                  variant="ghost"
                  disabled={pending}
                  onClick={() => act(onDiscard, "Draft discarded.")}
                >
                  Discard draft
                </Button>
              ) : null}
            </div>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
