"use client";

import { useState } from "react";
import { FormStatus, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import type { TActionResult } from "@/lib/server/action";
import type { TReorderQueue } from "@/lib/destinations/schema";

export type TQueuedActionView = {
  jobId: string;
  actionName: string;
  lead: string | null;
  queuedAt: string;
  dueAt: string | null;
  lastError: string | null;
};

/**
 * The actions waiting for this destination, in the order they will go when
 * it resumes (or its circuit closes). Admins order them by age or by the
 * handoff's due time, or tick some and send those first.
 */
export function QueuedActionsCard({
  destinationKey,
  paused,
  items,
  reorder,
}: {
  destinationKey: string;
  paused: boolean;
  items: TQueuedActionView[];
  reorder?: (input: TReorderQueue) => Promise<TActionResult<{ waiting: number }>>;
}) {
  const form = useActionForm(reorder);
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const order = (by: "oldest" | "newest" | "due") => form.run({ destinationKey, by });
  return (
    <Card>
      <CardHeader
        title={`Waiting actions (${items.length})`}
        description={
          paused
            ? "Paused: these actions wait here and go in this order when you resume the destination."
            : "Actions waiting for this destination (its circuit is open, or they are due later), in the order they will go."
        }
      />
      <div className="space-y-3 p-5">
        {items.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing is waiting.</p>
        ) : (
          <>
            {reorder ? (
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-sm text-slate-600">Order:</span>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={form.pending}
                  onClick={() => order("oldest")}
                >
                  Oldest first
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={form.pending}
                  onClick={() => order("due")}
                >
                  Most urgent first
                </Button>
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={form.pending}
                  onClick={() => order("newest")}
                >
                  Newest first
                </Button>
                <Button
                  size="sm"
                  disabled={form.pending || picked.length === 0}
                  onClick={() => form.run({ destinationKey, first: picked }, () => setPicked([]))}
                >
                  Send {picked.length || ""} picked first
                </Button>
                <FormStatus error={form.formError} />
              </div>
            ) : null}
            <ol
              className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200"
              aria-label="Waiting actions in order"
            >
              {items.map((a, i) => (
                <li
                  key={a.jobId}
                  data-testid="queued-action"
                  className="flex items-start gap-3 px-3 py-2 text-sm"
                >
                  <span className="w-6 shrink-0 pt-0.5 text-right text-xs text-slate-500 tabular-nums">
                    {i + 1}.
                  </span>
                  {reorder ? (
                    <input
                      type="checkbox"
                      className="mt-1"
                      aria-label={`Pick ${a.actionName} for ${a.lead ?? "this lead"}`}
                      checked={picked.includes(a.jobId)}
                      onChange={() => toggle(a.jobId)}
                    />
                  ) : null}
                  <div className="min-w-0 flex-1">
                    <p className="font-medium break-words text-slate-900">
                      {a.lead ?? "Unknown lead"}{" "}
                      <span className="font-normal text-slate-500">· {a.actionName}</span>
                    </p>
                    <p className="text-xs text-slate-500">
                      waiting since <Time value={a.queuedAt} />
                      {a.dueAt ? (
                        <>
                          {" "}
                          · handoff due <Time value={a.dueAt} />
                        </>
                      ) : null}
                      {a.lastError ? ` · ${a.lastError}` : ""}
                    </p>
                  </div>
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </Card>
  );
}
