import type { Metadata } from "next";
import { DestinationsConsole } from "@/components/destinations/destinations-console";
import { findDestinations } from "@/lib/destinations/data";
import { DESTINATION_SORTS } from "@/lib/destinations/schema";
import { parseSort } from "@/lib/server/search-params";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { can } from "@/lib/server/auth/permissions";
import {
  createDestinationAction,
  createEmailDestinationAction,
  createRecordDestinationAction,
} from "./actions";

export const metadata: Metadata = { title: "Destinations" };

export default async function DestinationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePagePermission("destinations:view");
  const destinations = await findDestinations(parseSort(await searchParams, DESTINATION_SORTS));
  const rows = destinations.map((d) => ({
    id: d.id,
    key: d.key,
    name: d.name,
    kind: d.kind,
    url: d.url,
    timeoutMs: d.timeoutMs,
    maxAttempts: d.maxAttempts,
    active: d.active,
    circuitState: d.circuitState,
    attempts: d.attempts,
    succeeded: d.succeeded,
  }));
  // Managers get no action: the page renders read-only; the action checks
  // "destinations:edit" on the server regardless.
  return (
    <DestinationsConsole
      rows={rows}
      create={can(actor, "destinations:edit") ? createDestinationAction : undefined}
      createEmail={can(actor, "destinations:edit") ? createEmailDestinationAction : undefined}
      createRecord={can(actor, "destinations:edit") ? createRecordDestinationAction : undefined}
    />
  );
}
