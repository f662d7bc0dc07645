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
import {
  CreateRecordDestinationForm,
  type TCreateRecordDestinationAction,
} from "./create-record-destination-form";
import { DestinationTable, type TDestinationListRow } from "./destination-table";
import { RevealedSecret, type TRevealedDestinationSecret } from "./revealed-secret";

/** The destinations page body; the secret just created lives in memory only. */
export function DestinationsConsole({
  rows,
  create,
  createEmail,
  createRecord,
}: {
  rows: TDestinationListRow[];
  /** Passed for admins only; without it the page is read-only. */
  create?: TCreateDestinationAction;
  createEmail?: TCreateEmailDestinationAction;
  createRecord?: TCreateRecordDestinationAction;
}) {
  const [formOpen, setFormOpen] = useState(false);
  const [recordFormOpen, setRecordFormOpen] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<TRevealedDestinationSecret | null>(null);
  return (
    <>
      <PageHeader
        title="Destinations"
        description="Systems Baton calls when it acts, and the mail servers it sends through. Every call carries an idempotency key and is retried or dead-lettered when it fails."
        actions={
          <div className="flex flex-wrap gap-2">
            {create && !formOpen ? (
              <Button onClick={() => setFormOpen(true)}>
                <Plus className="h-4 w-4" />
                Add destination
              </Button>
            ) : null}
            {createRecord && !recordFormOpen ? (
              <Button variant="secondary" onClick={() => setRecordFormOpen(true)}>
                <Plus className="h-4 w-4" />
                Add system of record
              </Button>
            ) : null}
          </div>
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
      {createRecord && recordFormOpen ? (
        <CreateRecordDestinationForm
          action={createRecord}
          onCancel={() => setRecordFormOpen(false)}
          onCreated={(d) => {
            setRecordFormOpen(false);
            setAdded(`${d.name} (${d.key}) added. Record actions can name it now.`);
          }}
        />
      ) : null}
      {added ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200"
        >
          {added}
        </p>
      ) : null}
      <DestinationTable rows={rows} />
    </>
  );
}
