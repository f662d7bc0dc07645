import "server-only";
import { createHash } from "node:crypto";
import type { TTx } from "@/lib/server/db-client";
import { isPg } from "@/lib/server/batch-insert";
import { teamsOf } from "../plan/teams-of";
import type { TLiveWorkflow } from "../plan/types";

/** Namespace of Baton's advisory locks (the first key of the two-key form): "bato". */
const LOCK_SPACE = 0x6261746f;

function teamLockKey(teamId: string): number {
  return createHash("sha1").update(teamId).digest().readInt32BE(0);
}

/**
 * Serialises assignment per team across workers on PostgreSQL: takes a
 * transaction-scoped advisory lock for each team, in one global order (so two
 * batches cannot deadlock). The caller loads the ledger and the directory
 * after this returns, so a batch always decides from counts that include
 * every committed assignment in its teams. Batches for other teams do not
 * wait, and claiming, reading and parsing events happen before the lock.
 *
 * SQLite needs nothing here: the batch takes the database's single write lock
 * with its first statement, before anything is read.
 */
export async function lockTeamsInTx(tx: TTx, teamIds: Iterable<string>) {
  if (!isPg) return;
  const keys = [...new Set([...teamIds].map(teamLockKey))].sort((a, b) => a - b);
  for (const key of keys) {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock($1::int, $2::int)`, LOCK_SPACE, key);
  }
}

/** `lockTeamsInTx` for every team the workflows may assign into. */
export async function lockWorkflowTeamsInTx(tx: TTx, workflows: Iterable<TLiveWorkflow>) {
  await lockTeamsInTx(tx, teamsOf(workflows));
}
