"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { CreateSourceForm, type TCreateSourceResult } from "./create-source-form";
import type { TRotateSecretAction } from "./rotate-secret-button";
import { SecretPanel, type TRevealedSecret } from "./secret-panel";
import { SourceTable, type TSourceListRow } from "./source-table";

/**
 * The sources page body. Holds the one secret just revealed (by creating a
 * source or rotating a secret) in memory only: a reload or "Dismiss" drops it,
 * as the server will never answer it again.
 */
export function SourcesConsole({
  rows,
  actions,
}: {
  rows: TSourceListRow[];
  /** Server actions, passed for admins only; without them the page is read-only. */
  actions?: { create: (fd: FormData) => Promise<TCreateSourceResult>; rotate: TRotateSecretAction };
}) {
  const [formOpen, setFormOpen] = useState(false);
  const [revealed, setRevealed] = useState<TRevealedSecret | null>(null);
  const router = useRouter();
  const reveal = (secret: TRevealedSecret) => {
    setRevealed(secret);
    window.scrollTo({ top: 0, behavior: "smooth" });
  };

  return (
    <>
      <PageHeader
        title="Sources"
        description="Systems that send events to Baton: Standard Webhooks, Stripe, GitHub, Shopify, HubSpot, Typeform, Calendly, Slack, Twilio, any HMAC signer or a secret token. Each source verifies its sender its own way."
        actions={
          actions && !formOpen ? (
            <Button onClick={() => setFormOpen(true)}>
              <Plus className="h-4 w-4" />
              Add source
            </Button>
          ) : null
        }
      />
      {revealed ? <SecretPanel secret={revealed} onDismiss={() => setRevealed(null)} /> : null}
      {actions && formOpen ? (
        <CreateSourceForm
          action={actions.create}
          onCancel={() => setFormOpen(false)}
          onCreated={(created) => {
            setFormOpen(false);
            // Nothing to show once (the secret was pasted): straight to the
            // source's connect instructions.
            if ("signingSecret" in created) reveal(created);
            else router.push(`/sources/${encodeURIComponent(created.key)}`);
          }}
        />
      ) : null}
      <SourceTable rows={rows} rotate={actions?.rotate} onRotated={reveal} />
    </>
  );
}
