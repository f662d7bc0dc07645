"use client";

import { Check, Copy, X } from "lucide-react";
import { useState } from "react";
import { formatDateTime } from "@/components/ui/time";

/** A signing secret the server just answered; shown once, then gone with the panel. */
export type TRevealedSecret = {
  kind: "created" | "rotated";
  key: string;
  name: string;
  signingSecret: string;
  previousSecretExpiresAt?: string | null;
};

const code =
  "rounded bg-white px-1 py-0.5 font-mono text-[0.8rem] whitespace-nowrap ring-1 ring-emerald-200";

/**
 * The success panel after creating a source or rotating its secret: the
 * secret (with a copy button), the endpoint to post to, and how to sign.
 */
export function SecretPanel({
  secret,
  onDismiss,
}: {
  secret: TRevealedSecret;
  onDismiss: () => void;
}) {
  const [copied, setCopied] = useState(false);
  // Only rendered after an action answered in the browser, so window exists.
  const endpoint = `${window.location.origin}/api/v1/sources/${secret.key}/events`;
  const copy = async () => {
    await navigator.clipboard?.writeText(secret.signingSecret).catch(() => undefined);
    setCopied(true);
  };

  return (
    <section
      role="status"
      aria-label="Signing secret"
      className="mb-6 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200"
    >
      <div className="flex items-start justify-between gap-4">
        <h2 className="text-sm font-medium text-emerald-900">
          {secret.kind === "created"
            ? `Source “${secret.name}” created.`
            : `New signing secret for “${secret.name}”.`}{" "}
          Copy the secret now: it will not be shown again.
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
          onClick={copy}
          className="inline-flex h-9 items-center gap-1.5 rounded-md bg-white px-3 text-sm font-medium text-emerald-900 ring-1 ring-emerald-300 hover:bg-emerald-100"
        >
          {copied ? <Check className="h-4 w-4" /> : <Copy className="h-4 w-4" />}
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      {secret.kind === "rotated" ? (
        <p className="mt-2 text-xs text-emerald-800">
          {secret.previousSecretExpiresAt
            ? `The previous secret keeps working until ${formatDateTime(secret.previousSecretExpiresAt)}.`
            : "The previous secret stopped working at once."}
        </p>
      ) : null}
      <dl className="mt-3 grid gap-x-4 gap-y-2 text-sm text-emerald-900 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">Endpoint</dt>
        <dd>
          <code
            data-testid="source-endpoint"
            className="rounded bg-white px-1 py-0.5 font-mono text-[0.8rem] break-all ring-1 ring-emerald-200"
          >
            POST {endpoint}
          </code>
        </dd>
        <dt className="font-medium">How to sign</dt>
        <dd className="text-emerald-800">
          Standard Webhooks: send <code className={code}>webhook-id</code> (unique per message),{" "}
          <code className={code}>webhook-timestamp</code> (Unix seconds) and{" "}
          <code className={code}>webhook-signature</code> = <code className={code}>v1,</code> +
          base64 HMAC-SHA256 of <code className={code}>{"{id}.{timestamp}.{body}"}</code>, keyed
          with the secret’s base64 part after <code className={code}>whsec_</code>. Any Standard
          Webhooks library does this, e.g.{" "}
          <code className={code}>new Webhook(secret).sign(id, date, body)</code>.
        </dd>
      </dl>
    </section>
  );
}
