import "server-only";
import { sqliteDate, type SqliteHandle } from "@/lib/server/sqlite-handle";
import type { TEventRow, TRecordState } from "../plan/batch-state";
import { parseEventChain } from "@/lib/workflow-definition/event-chain";
import type { TDirectory, TLedgerRow } from "../plan/types";

/**
 * The event batch's reads on SQLite, as plain statements on the connection
 * (lib/server/sqlite-handle.ts): Prisma's model reads of a few hundred rows
 * (payloads, records) cost more CPU than planning the events. They return
 * exactly what the Prisma reads in load-batch-state.ts and directory.ts return on
 * PostgreSQL — the same tests run against both — decoding SQLite's storage
 * as Prisma's adapter writes it: DateTime as ISO text, Json as JSON text,
 * Boolean as 0/1.
 */

type TRow = Record<string, unknown>;

const json = (v: unknown): unknown =>
  v === null || v === undefined ? null : JSON.parse(String(v));
const ids = (xs: Iterable<string>) => JSON.stringify([...xs]);

export type TBatchEventRow = TEventRow & { status: string };

export function readBatchEvents(sqlite: SqliteHandle, eventIds: string[]): TBatchEventRow[] {
  const rows = sqlite.all<TRow>(
    `SELECT e."id", e."payload", e."receivedAt", e."status", e."chain",
            s."id" AS "sId", s."key" AS "sKey", s."name" AS "sName", s."contract" AS "sContract",
            s."identityMapping" AS "sIdentity", s."fieldMapping" AS "sFields"
       FROM "Event" e JOIN "Source" s ON s."id" = e."sourceId"
      WHERE e."id" IN (SELECT value FROM json_each(?))`,
    ids(eventIds),
  );
  return rows.map((r) => ({
    id: String(r.id),
    payload: String(r.payload),
    receivedAt: sqliteDate(r.receivedAt)!,
    status: String(r.status),
    chain: parseEventChain(r.chain),
    source: {
      id: String(r.sId),
      key: String(r.sKey),
      name: String(r.sName),
      contract: json(r.sContract),
      identityMapping: json(r.sIdentity),
      fieldMapping: json(r.sFields),
    } as TEventRow["source"],
  }));
}

/** A Record row as batch state; rows read without attributes or owner get none. */
function recordState(r: TRow): TRecordState {
  return {
    id: String(r.id),
    identityKey: String(r.identityKey),
    email: r.email as string | null,
    name: r.name as string | null,
    company: r.company as string | null,
    phone: r.phone as string | null,
    attributes: (json(r.attributes) ?? {}) as Record<string, unknown>,
    ownerId: (r.ownerId as string | null | undefined) ?? null,
    isNew: false,
  };
}

/** Records events will stitch onto (full), and others sharing an email, phone or company (for duplicate checks). */
export function readBatchRecords(
  sqlite: SqliteHandle,
  q: { keys: Set<string>; emails: Set<string>; phones: Set<string>; companies: Set<string> },
): { known: TRecordState[]; others: TRecordState[] } {
  if (q.keys.size === 0) return { known: [], others: [] };
  const known = sqlite
    .all<TRow>(
      `SELECT "id", "identityKey", "email", "name", "company", "phone", "attributes", "ownerId"
         FROM "Record" WHERE "identityKey" IN (SELECT value FROM json_each(?))`,
      ids(q.keys),
    )
    .map(recordState);
  const others = sqlite
    .all<TRow>(
      // A UNION of three index lookups: as one OR, SQLite scanned the table.
      `SELECT "id", "identityKey", "email", "name", "company", "phone" FROM (
         SELECT * FROM "Record" WHERE "email" IN (SELECT value FROM json_each(@emails))
         UNION SELECT * FROM "Record" WHERE "phone" IN (SELECT value FROM json_each(@phones))
         UNION SELECT * FROM "Record" WHERE "company" IN (SELECT value FROM json_each(@companies)))
        WHERE "identityKey" NOT IN (SELECT value FROM json_each(@keys))
        LIMIT 5000`,
      {
        keys: ids(q.keys),
        emails: ids(q.emails),
        phones: ids(q.phones),
        companies: ids(q.companies),
      },
    )
    .map(recordState);
  return { known, others };
}

/**
 * Everyone's open load, counted at most once a second per process: the count
 * walks every open handoff (tens of thousands on a busy install) and a batch
 * of a few events ran it twice. Between counts, the batches this process
 * commits add their own handoffs (`addOpenHandoffs`); what others change
 * shows up at the next count, within a second — load only steers capacity
 * and least-loaded choices, never whether an event is processed once.
 */
const LOAD_TTL_MS = 1_000;
let loadCache: { at: number; counts: Map<string, number> } | null = null;

function openLoad(sqlite: SqliteHandle): Map<string, number> {
  if (loadCache && Date.now() - loadCache.at < LOAD_TTL_MS) return loadCache.counts;
  const rows = sqlite.all<{ ownerId: string; n: number }>(
    `SELECT "ownerId", count(*) AS "n" FROM "Handoff"
      WHERE "state" IN ('PENDING', 'ACCEPTED') AND "ownerId" IS NOT NULL
      GROUP BY "ownerId"`,
  );
  loadCache = { at: Date.now(), counts: new Map(rows.map((l) => [l.ownerId, Number(l.n)])) };
  return loadCache.counts;
}

/** Counts a committed batch's new open handoffs into the cached load. */
export function addOpenHandoffs(ownerIds: Iterable<string | null | undefined>) {
  if (!loadCache) return;
  for (const id of ownerIds) if (id) loadCache.counts.set(id, (loadCache.counts.get(id) ?? 0) + 1);
}

export function readBatchDirectory(sqlite: SqliteHandle): TDirectory {
  const users = sqlite.all<TRow>(
    `SELECT "id", "name", "teamId", "active", "available", "outOfOfficeFrom", "outOfOfficeUntil",
            "capacity", "role"
       FROM "User" WHERE "role" IN ('AGENT', 'MANAGER')`,
  );
  const teams = sqlite.all<{ id: string; name: string }>(`SELECT "id", "name" FROM "Team"`);
  const open = openLoad(sqlite);
  return {
    teams,
    members: users.map((u) => ({
      id: String(u.id),
      name: String(u.name),
      teamId: u.teamId as string | null,
      active: Boolean(u.active),
      available: Boolean(u.available),
      outOfOfficeFrom: sqliteDate(u.outOfOfficeFrom),
      outOfOfficeUntil: sqliteDate(u.outOfOfficeUntil),
      capacity: Number(u.capacity),
      inPool: u.role === "AGENT",
      openHandoffs: open.get(String(u.id)) ?? 0,
    })),
  };
}

export function readBatchLedger(sqlite: SqliteHandle): TLedgerRow[] {
  return sqlite
    .all<TRow>(
      `SELECT "teamId", "userId", "assignedCount", "adjustment", "weight", "lastAssignedAt"
         FROM "RoundRobinLedger"`,
    )
    .map((r) => ({
      teamId: String(r.teamId),
      userId: String(r.userId),
      assignedCount: Number(r.assignedCount),
      adjustment: Number(r.adjustment),
      weight: Number(r.weight),
      lastAssignedAt: sqliteDate(r.lastAssignedAt),
    }));
}
