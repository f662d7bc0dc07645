"use client";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * The inbox failed to load. Says so plainly, with the reference the server
 * logged (never the raw error), and offers to try again.
 */
export default function InboxError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div
      role="alert"
      data-testid="inbox-error"
      className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
    >
      <EmptyState
        title="Your handoffs could not be loaded"
        action={<Button onClick={() => reset()}>Try again</Button>}
      >
        Nothing was changed. Try again in a moment; if it keeps failing, tell your admin
        {error.digest ? (
          <>
            {" "}
            and quote reference <code className="font-mono">{error.digest}</code>
          </>
        ) : null}
        .
      </EmptyState>
    </div>
  );
}
