"use client";

import { Check, Copy, X } from "lucide-react";
import { useState } from "react";

export type TRevealedDestinationSecret = {
  kind: "created" | "rotated";
  key: string;
  name: string;
  signingSecret: string;
};

/**
 * A destination's signing secret, just answered by the server and shown this
 * once, with how the receiver verifies it.
 */
export function RevealedSecret({
  secret,
  onDismiss,
}: {
  secret: TRevealedDestinationSecret;
  onDismiss: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <section
      role="status"
      aria-label="Signing secret"
      className="mb-6 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200"
    >
      <div className="flex items-start justify-between gap-4">
        <h2 className="text-sm font-medium text-emerald-900">
          {secret.kind === "created"
            ? `Destination “${secret.name}” created.`
            : `New signing secret for “${secret.name}”; deliveries are signed with it from now on.`}{" "}
          Copy it now: it will not be shown again.
        </h2>
        <button
          type="button"
          onClick={onDismiss}
          aria-label="Dismiss"
          className="rounded p-0.5 text-emerald-800 hover:bg-emerald-100"
        >
          <X className="h-4 w-4" />
        </button>
      </div>
      <div className="mt-3 flex items-center gap-2">
        <code
          data-testid="signing-secret"
          className="block min-w-0 flex-1 rounded bg-white px-3 py-2 font-mono text-sm break-all ring-1 ring-emerald-200"
        >
          {secret.signingSecret}
        </code>
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret.signingSecret).catch(() => undefined);
            setCopied(true);
          }}
          className="inline-flex h-9 items-center gap-1.5 rounded-md bg-white px-3 text-sm font-medium text-emerald-900 ring-1 ring-emerald-300 hover:bg-emerald-100"
        >
          {copied ? <Check className="h-4 w-4" /> : <Copy className="h-4 w-4" />}
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="mt-2 text-xs text-emerald-800">
        The receiver verifies each POST with any Standard Webhooks library (<code>webhook-id</code>,{" "}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>) and applies each{" "}
        <code>Idempotency-Key</code> once.
      </p>
    </section>
  );
}
