import type { Metadata } from "next";
import { DestinationTable } from "@/components/destinations/destination-table";
import { PageHeader } from "@/components/ui/page-header";
import { findDestinations } from "@/lib/destinations/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Destinations" };

export default async function DestinationsPage() {
  await requirePagePermission("destinations:view");
  const rows = await findDestinations();
  return (
    <>
      <PageHeader
        title="Destinations"
        description="Systems Baton calls when it acts. Every call is signed, carries an idempotency key, and is retried or dead-lettered when it fails."
      />
      <DestinationTable rows={rows} />
    </>
  );
}
