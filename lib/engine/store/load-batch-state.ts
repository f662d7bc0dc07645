import "server-only";
import { databaseKind } from "@/lib/server/database-url";
import { db } from "@/lib/server/db";
import { sqliteHandleOf, type TTx } from "@/lib/server/db-client";
import { env } from "@/lib/server/env";
import {
  emptyWrites,
  type TBatchState,
  type TEventRow,
  type TRecordState,
} from "../plan/batch-state";
import { CandidateIndex } from "../plan/candidate-index";
import type { TLiveWorkflow } from "../plan/types";
import { understandRow } from "../plan/understand";
import { loadDirectory, loadLedger } from "./directory";
import { loadLiveWorkflows } from "./live-workflows";
import { phaseTimer, type TPhaseTimer } from "./phase-timer";
import { readBatchDirectory, readBatchLedger, readBatchRecords } from "./sqlite-reads";
import { lockWorkflowTeamsInTx } from "./team-locks";

const isPg = databaseKind(env.DATABASE_URL) === "postgres";

/** The state a batch plans against; also used (read-only) by workflow test runs. */
export async function loadBatchState(
  tx: TTx,
  events: TEventRow[],
  now: Date,
  timer: TPhaseTimer = phaseTimer(),
): Promise<TBatchState> {
  const sourceIds = [...new Set(events.map((e) => e.source.id))];
  const workflowLists = await Promise.all(sourceIds.map((id) => loadLiveWorkflows(id, tx)));
  const workflows = new Map<string, TLiveWorkflow[]>(
    sourceIds.map((id, i) => [id, workflowLists[i]]),
  );

  // Records this batch may stitch onto or find duplicates among: by identity,
  // email, phone or company of what each event says (Understand is pure, so
  // running it here too is cheap).
  const keys = new Set<string>();
  const emails = new Set<string>();
  const phones = new Set<string>();
  const companies = new Set<string>();
  for (const e of events) {
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(e.payload) as Record<string, unknown>;
    } catch {
      continue;
    }
    const u = understandRow(e, payload);
    if (!u.ok) continue;
    keys.add(u.identityKey);
    if (u.fields.email) emails.add(u.fields.email);
    if (u.fields.phone) phones.add(u.fields.phone);
    // Company only counts with a name (the "same name at the same company" check):
    // alone it would read every record of a big customer for each event.
    if (u.fields.company && u.fields.name) companies.add(u.fields.company);
  }
  // Full rows only for the records events will stitch onto; the (possibly
  // many) others that share an email, phone or company are read with just the
  // fields a duplicate check compares.
  const sqlite = isPg ? null : await sqliteHandleOf(db);
  const { known, others } = sqlite
    ? readBatchRecords(sqlite, { keys, emails, phones, companies })
    : await readRecordsWithPrisma(tx, { keys, emails, phones, companies });
  timer.lap("loaded");
  // Assignment state is read only once this batch holds its teams (PostgreSQL),
  // so concurrent workers take turns per team and each sees the other's counts.
  await lockWorkflowTeamsInTx(tx, workflowLists.flat());
  timer.lap("locked");
  const [directory, ledger] = sqlite
    ? [readBatchDirectory(sqlite), readBatchLedger(sqlite)]
    : await Promise.all([loadDirectory(tx), loadLedger(tx)]);
  timer.lap("ledger");
  return {
    now,
    directory,
    ledger: [...ledger],
    records: new Map(known.map((r) => [r.identityKey, r])),
    candidates: new CandidateIndex([...known, ...others]),
    workflows,
    writes: emptyWrites(),
  };
}

async function readRecordsWithPrisma(
  tx: TTx,
  { keys, emails, phones, companies }: Parameters<typeof readBatchRecords>[1],
) {
  const [found, similar] = keys.size
    ? await Promise.all([
        tx.record.findMany({ where: { identityKey: { in: [...keys] } } }),
        tx.record.findMany({
          where: {
            identityKey: { notIn: [...keys] },
            OR: [
              { email: { in: [...emails] } },
              { phone: { in: [...phones] } },
              { company: { in: [...companies] } },
            ],
          },
          select: {
            id: true,
            identityKey: true,
            email: true,
            name: true,
            company: true,
            phone: true,
          },
          take: 5000,
        }),
      ])
    : [[], []];
  const known: TRecordState[] = found.map((r) => ({
    id: r.id,
    identityKey: r.identityKey,
    email: r.email,
    name: r.name,
    company: r.company,
    phone: r.phone,
    attributes: (r.attributes ?? {}) as Record<string, unknown>,
    ownerId: r.ownerId,
    isNew: false,
  }));
  const others: TRecordState[] = similar.map((r) => ({
    ...r,
    attributes: {},
    ownerId: null,
    isNew: false,
  }));
  return { known, others };
}
