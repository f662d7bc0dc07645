"use client";

import { Plus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import {
  CreateDestinationForm,
  type TCreateDestinationAction,
  type TCreateEmailDestinationAction,
} from "./create-destination-form";
import { DestinationTable, type TDestinationListRow } from "./destination-table";
import { RevealedSecret, type TRevealedDestinationSecret } from "./revealed-secret";

/** The destinations page body; the secret just created lives in memory only. */
export function DestinationsConsole({
  rows,
  create,
  createEmail,
}: {
  rows: TDestinationListRow[];
  /** Passed for admins only; without it the page is read-only. */
  create?: TCreateDestinationAction;
  createEmail?: TCreateEmailDestinationAction;
}) {
  const [formOpen, setFormOpen] = useState(false);
  const [revealed, setRevealed] = useState<TRevealedDestinationSecret | null>(null);
  return (
    <>
      <PageHeader
        title="Destinations"
        description="Systems Baton calls when it acts, and the mail servers it sends through. Every call carries an idempotency key and is retried or dead-lettered when it fails."
        actions={
          create && !formOpen ? (
            <Button onClick={() => setFormOpen(true)}>
              <Plus className="h-4 w-4" />
              Add destination
            </Button>
          ) : null
        }
      />
      {revealed ? <RevealedSecret secret={revealed} onDismiss={() => setRevealed(null)} /> : null}
      {create && formOpen ? (
        <CreateDestinationForm
          action={create}
          createEmail={createEmail}
          onCancel={() => setFormOpen(false)}
          onCreated={(secret) => {
            setFormOpen(false);
            setRevealed(secret);
          }}
        />
      ) : null}
      <DestinationTable rows={rows} />
    </>
  );
}
