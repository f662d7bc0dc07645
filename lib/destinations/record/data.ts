import "server-only";
import { db } from "@/lib/server/db";
import { publicRecordSettings } from "./settings";

/**
 * A system of record's settings as its page shows them (never the
 * credential: only whether one is set), with how many records are mapped
 * to it and how many of those were confirmed there. Null for other kinds.
 */
export async function getRecordDestinationView(destinationId: string) {
  const d = await db.destination.findUnique({
    where: { id: destinationId },
    select: { kind: true, settings: true },
  });
  if (!d || d.kind !== "RECORD") return null;
  const [mapped, confirmed] = await Promise.all([
    db.externalRecordLink.count({ where: { destinationId, externalId: { not: null } } }),
    db.externalRecordLink.count({ where: { destinationId, confirmedAt: { not: null } } }),
  ]);
  return { ...publicRecordSettings(d.settings), mapped, confirmed };
}
export type TRecordDestinationView = NonNullable<
  Awaited<ReturnType<typeof getRecordDestinationView>>
>;
