"use client";

import Link from "next/link";
import { OneTimeSecret } from "@/components/ui/one-time-secret";
import { formatDateTime } from "@/components/ui/time";

/** A signing secret the server just answered; shown once, then gone with the panel. */
export type TRevealedSecret = {
  kind: "created" | "rotated";
  key: string;
  name: string;
  signingSecret: string;
  previousSecretExpiresAt?: string | null;
  /** The source's verification preset (Standard Webhooks when not said). */
  preset?: string;
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
  // Only rendered after an action answered in the browser, so window exists.
  const endpoint = `${window.location.origin}/api/v1/sources/${secret.key}/events`;
  const preset = secret.preset ?? "standard-webhooks";
  const what = preset === "token" ? "token" : "signing secret";
  return (
    <OneTimeSecret
      title={
        secret.kind === "created"
          ? `Source “${secret.name}” created.`
          : `New ${what} for “${secret.name}”.`
      }
      secret={secret.signingSecret}
      onDismiss={onDismiss}
    >
      {secret.kind === "rotated" ? (
        <p className="mt-2 text-xs text-emerald-800">
          {secret.previousSecretExpiresAt
            ? `The previous ${what} keeps working until ${formatDateTime(secret.previousSecretExpiresAt)}.`
            : `The previous ${what} stopped working at once.`}
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
        <dt className="font-medium">Connect</dt>
        <dd>
          <Link
            href={`/sources/${encodeURIComponent(secret.key)}?tab=connect`}
            className="font-medium underline"
          >
            What to paste where in the sender&apos;s settings
          </Link>
        </dd>
        {preset === "standard-webhooks" ? (
          <>
            <dt className="font-medium">How to sign</dt>
            <dd className="text-emerald-800">
              For a Standard Webhooks source: send <code className={code}>webhook-id</code> (unique
              per message), <code className={code}>webhook-timestamp</code> (Unix seconds) and{" "}
              <code className={code}>webhook-signature</code> = <code className={code}>v1,</code> +
              base64 HMAC-SHA256 of <code className={code}>{"{id}.{timestamp}.{body}"}</code>, keyed
              with the secret’s base64 part after <code className={code}>whsec_</code>. Any Standard
              Webhooks library does this, e.g.{" "}
              <code className={code}>new Webhook(secret).sign(id, date, body)</code>.
            </dd>
          </>
        ) : null}
      </dl>
    </OneTimeSecret>
  );
}
