"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { FormStatus } from "@/components/ui/action-form";
import type { TActionResult } from "@/lib/server/action";

export type THeldItem = {
  id: string;
  channel: string;
  reason: string;
  payload: string;
  receivedAt: string;
};

type TRef = { sourceKey: string; heldId: string };
export type THeldActions = {
  release: (input: TRef) => Promise<TActionResult<{ eventId: string; duplicate: boolean }>>;
  remove: (input: TRef) => Promise<TActionResult<{ heldId: string }>>;
};

const REASONS: Record<string, string> = {
  HONEYPOT: "Honeypot filled in",
  TOO_FAST: "Sent too fast",
  FILL_TIME_INVALID: "Bad fill-time stamp",
  CAPTCHA: "CAPTCHA refused",
};

function preview(payload: string): string {
  try {
    const fields = JSON.parse(payload) as Record<string, unknown>;
    return Object.entries(fields)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`)
      .join(" · ")
      .slice(0, 300);
  } catch {
    return payload.slice(0, 300);
  }
}

/** Posts kept as spam: an admin releases one (it becomes an event) or deletes it. */
export function HeldList({
  sourceKey,
  items,
  total,
  actions,
}: {
  sourceKey: string;
  items: THeldItem[];
  total: number;
  actions: THeldActions;
}) {
  const [pending, start] = useTransition();
  const [status, setStatus] = useState<{ error?: string; ok?: string }>({});
  const act = (kind: "release" | "remove", heldId: string) =>
    start(async () => {
      setStatus({});
      const res =
        kind === "release"
          ? await actions.release({ sourceKey, heldId })
          : await actions.remove({ sourceKey, heldId });
      if (!res.ok) setStatus({ error: res.message });
      else setStatus({ ok: kind === "release" ? "Released: it is now an event." : "Deleted." });
    });

  return (
    <Card>
      <CardHeader
        title="Held as spam"
        description={
          total === 0
            ? "Nothing held. Posts that fill the honeypot or arrive too fast are kept here, never dropped."
            : `${total} post${total === 1 ? "" : "s"} kept out of the pipeline${total > items.length ? ` (latest ${items.length} shown)` : ""}.`
        }
      />
      {items.length > 0 ? (
        <ul aria-label="Held deliveries" className="divide-y divide-slate-100">
          {items.map((h) => (
            <li
              key={h.id}
              data-testid="held-item"
              className="flex flex-wrap items-start justify-between gap-3 px-5 py-3"
            >
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium text-slate-800">
                  {REASONS[h.reason] ?? h.reason}{" "}
                  <span className="font-normal text-slate-500">
                    · {h.channel} · {new Date(h.receivedAt).toLocaleString()}
                  </span>
                </p>
                <p className="mt-0.5 truncate font-mono text-xs text-slate-600">
                  {preview(h.payload)}
                </p>
              </div>
              <div className="flex gap-2">
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={pending}
                  onClick={() => act("release", h.id)}
                >
                  Release
                </Button>
                <Button
                  size="sm"
                  variant="danger"
                  disabled={pending}
                  onClick={() => act("remove", h.id)}
                >
                  Delete
                </Button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {status.error || status.ok ? (
        <div className="px-5 py-2">
          <FormStatus error={status.error} ok={status.ok} />
        </div>
      ) : null}
    </Card>
  );
}
