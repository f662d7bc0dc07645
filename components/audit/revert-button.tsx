"use client";

import { useState } from "react";
import type { revertAuditEntryAction } from "@/app/(app)/audit/actions";
import { useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";

/** Puts a configuration change back; the server checks nothing changed since. */
export function RevertButton({
  entryId,
  action,
}: {
  entryId: string;
  action: typeof revertAuditEntryAction;
}) {
  const { run, pending, result, formError } = useActionForm(action);
  const [confirming, setConfirming] = useState(false);
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
              run(
                { entryId },
                () => setConfirming(false),
                () => setConfirming(false),
              )
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
      {formError ? (
        <p role="alert" className="w-full text-sm text-red-600">
          {formError}
        </p>
      ) : null}
    </div>
  );
}
