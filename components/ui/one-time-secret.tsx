"use client";

import { Check, Copy, X } from "lucide-react";
import { useState, type ReactNode } from "react";

/**
 * A secret the server just answered and will never show again: the heading,
 * the secret with a copy button, a dismiss button, then what the caller adds
 * (how to use it). Shared by sources and destinations.
 */
export function OneTimeSecret({
  title,
  secret,
  onDismiss,
  children,
}: {
  title: string;
  secret: string;
  onDismiss: () => void;
  children?: ReactNode;
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
          {title} Copy the secret now: it will not be shown again.
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
          {secret}
        </code>
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret).catch(() => undefined);
            setCopied(true);
          }}
          className="inline-flex h-9 items-center gap-1.5 rounded-md bg-white px-3 text-sm font-medium text-emerald-900 ring-1 ring-emerald-300 hover:bg-emerald-100"
        >
          {copied ? <Check className="h-4 w-4" /> : <Copy className="h-4 w-4" />}
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      {children}
    </section>
  );
}
