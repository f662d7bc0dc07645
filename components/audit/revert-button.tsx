"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";

type TResult = { ok: true } | { ok: false; message: string };

/** Puts a configuration change back; the server checks nothing changed since. */
export function RevertButton({
  entryId,
  action,
}: {
  entryId: string;
  action: (input: { entryId: string }) => Promise<TResult>;
}) {
  const [result, setResult] = useState<TResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();
  if (result?.ok) {
    return (
      <p role="status" className="text-sm text-emerald-700">
        Reverted. The revert is the newest entry in the log.
      </p>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      {confirming ? (
        <>
          <span className="text-sm text-slate-700">Put the “before” values back?</span>
          <Button
            size="sm"
            variant="danger"
            disabled={pending}
            onClick={() =>
              start(async () => {
                setResult(await action({ entryId }));
                setConfirming(false);
              })
            }
          >
            {pending ? "Reverting…" : "Yes, revert"}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </>
      ) : (
        <Button size="sm" variant="secondary" onClick={() => setConfirming(true)}>
          Revert this change
        </Button>
      )}
      {result && !result.ok ? (
        <p role="alert" className="w-full text-sm text-red-600">
          {result.message}
        </p>
      ) : null}
    </div>
  );
}
