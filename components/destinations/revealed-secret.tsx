"use client";

import { OneTimeSecret } from "@/components/ui/one-time-secret";

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
  return (
    <OneTimeSecret
      title={
        secret.kind === "created"
          ? `Destination “${secret.name}” created.`
          : `New signing secret for “${secret.name}”; deliveries are signed with it from now on.`
      }
      secret={secret.signingSecret}
      onDismiss={onDismiss}
    >
      <p className="mt-2 text-xs text-emerald-800">
        The receiver verifies each POST with any Standard Webhooks library (<code>webhook-id</code>,{" "}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>) and applies each{" "}
        <code>Idempotency-Key</code> once.
      </p>
    </OneTimeSecret>
  );
}
