"use client";

import { useState } from "react";
import { FormStatus, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/time";
import type { TActionResult } from "@/lib/server/action";
import { CircuitBadge } from "./destination-table";
import { RevealedSecret, type TRevealedDestinationSecret } from "./revealed-secret";

type TRef = { destinationKey: string };
export type TDestinationStatusActions = {
  setActive: (input: TRef & { active: boolean }) => Promise<TActionResult<{ active: boolean }>>;
  resetCircuit: (input: TRef) => Promise<TActionResult<{ key: string }>>;
  /** Webhooks only: an email destination signs nothing. */
  rotateSecret?: (
    input: TRef,
  ) => Promise<TActionResult<{ key: string; name: string; signingSecret: string }>>;
};

/**
 * Circuit state (opened when, failures in a row), active or paused, and the
 * signing secret. Admins reset the circuit, pause or resume, and rotate the
 * secret (shown once, here).
 */
export function DestinationStatusCard({
  destination,
  actions,
}: {
  destination: {
    key: string;
    name: string;
    active: boolean;
    circuitState: string;
    circuitOpenedAt: string | null;
    consecutiveFailures: number;
  };
  actions?: TDestinationStatusActions;
}) {
  const [revealed, setRevealed] = useState<TRevealedDestinationSecret | null>(null);
  const active = useActionForm(actions?.setActive);
  const reset = useActionForm(actions?.resetCircuit);
  const rotate = useActionForm(actions?.rotateSecret);
  const ref = { destinationKey: destination.key };
  const d = destination;
  return (
    <Card>
      <CardHeader
        title="Status"
        description="The circuit opens after repeated transient failures: deliveries wait instead of hammering a destination that is down, then one trial decides."
      />
      <div className="space-y-4 p-5">
        {revealed ? <RevealedSecret secret={revealed} onDismiss={() => setRevealed(null)} /> : null}
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-500">Circuit</dt>
          <dd data-testid="circuit-state">
            <CircuitBadge state={d.circuitState} />
          </dd>
          <dt className="text-slate-500">Opened at</dt>
          <dd className="text-slate-800">
            {d.circuitState === "CLOSED" || !d.circuitOpenedAt
              ? "—"
              : formatDateTime(d.circuitOpenedAt)}
          </dd>
          <dt className="text-slate-500">Failures in a row</dt>
          <dd className="text-slate-800 tabular-nums">
            {d.consecutiveFailures}
            <span className="ml-1 text-xs text-slate-500">(since the last success)</span>
          </dd>
          <dt className="text-slate-500">Deliveries</dt>
          <dd className="text-slate-800">
            {d.active ? "Active" : "Paused: actions wait until it is resumed"}
          </dd>
        </dl>
        {actions ? (
          <div className="flex flex-wrap items-center gap-2 border-t border-slate-100 pt-4">
            {d.circuitState !== "CLOSED" ? (
              <Button
                size="sm"
                variant="secondary"
                disabled={reset.pending}
                onClick={() => reset.run(ref)}
              >
                Reset circuit
              </Button>
            ) : null}
            <Button
              size="sm"
              variant={d.active ? "danger" : "secondary"}
              disabled={active.pending}
              onClick={() => active.run({ ...ref, active: !d.active })}
            >
              {d.active ? "Pause" : "Resume"}
            </Button>
            {actions.rotateSecret ? (
              <Button
                size="sm"
                variant="secondary"
                disabled={rotate.pending}
                onClick={() => {
                  if (
                    window.confirm(
                      "Replace the signing secret? The receiver must switch to the new one.",
                    )
                  ) {
                    rotate.run(ref, (s) => setRevealed({ kind: "rotated", ...s }));
                  }
                }}
              >
                Rotate signing secret
              </Button>
            ) : null}
            <FormStatus error={active.formError ?? reset.formError ?? rotate.formError} />
          </div>
        ) : null}
      </div>
    </Card>
  );
}
