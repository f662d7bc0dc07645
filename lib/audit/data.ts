import "server-only";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { db } from "@/lib/server/db";
import { isSaneDate } from "@/lib/server/date-range";
import { AppError } from "@/lib/server/errors";
import { sortOrderBy, type TDir } from "@/lib/server/search-params";
import { AUDIT_SORTS, type TAuditFilter, type TAuditSort } from "./schema";

const entrySelect = {
  id: true,
  createdAt: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  action: true,
  entityType: true,
  entityId: true,
  before: true,
  after: true,
  reason: true,
  requestId: true,
} satisfies Prisma.AuditEntrySelect;

export type TAuditEntry = Prisma.AuditEntryGetPayload<{ select: typeof entrySelect }>;

/**
 * The where clause for the audit filters. `actor` is `system`, a user id, or
 * an email (matched against the label the entry kept, so a renamed or deleted
 * user's entries still match).
 */
function auditWhere(f: Partial<TAuditFilter>): Prisma.AuditEntryWhereInput {
  const where: Prisma.AuditEntryWhereInput = {};
  if (f.actor) {
    if (f.actor.toLowerCase() === "system") where.actorType = "SYSTEM";
    else if (f.actor.includes("@")) where.actorLabel = f.actor.toLowerCase();
    else where.actorId = f.actor;
  }
  if (f.entityType) where.entityType = f.entityType;
  // A prefix: a team's id also finds its ledger rows (`teamId:userId`).
  if (f.entityId) where.entityId = { startsWith: f.entityId };
  if (f.action) where.action = { startsWith: f.action };
  if (f.from || f.to) {
    where.createdAt = {
      ...(f.from ? { gte: f.from } : {}),
      ...(f.to ? { lte: f.to } : {}),
    };
  }
  return where;
}

/** The audit page's sort keys as columns. */
const SORT_COLUMNS = {
  when: ["createdAt"],
  actor: ["actorLabel"],
  action: ["action", "createdAt"],
  entity: ["entityType", "entityId"],
} as const satisfies Record<TAuditSort, (keyof Prisma.AuditEntryOrderByWithRelationInput)[]>;

/** Audit entries, newest first unless sorted, one page with a total (the audit page). */
export async function findAuditEntries(
  opts: Partial<TAuditFilter> & {
    page: number;
    perPage: number;
    sort?: TAuditSort | null;
    dir?: TDir | null;
  },
) {
  const where = auditWhere(opts);
  const [data, total] = await Promise.all([
    db.auditEntry.findMany({
      where,
      select: entrySelect,
      orderBy: sortOrderBy(SORT_COLUMNS, AUDIT_SORTS, opts.sort, opts.dir) ?? [
        { createdAt: "desc" },
        { id: "desc" },
      ],
      skip: (opts.page - 1) * opts.perPage,
      take: opts.perPage,
    }),
    db.auditEntry.count({ where }),
  ]);
  return { data, total, page: opts.page, perPage: opts.perPage };
}

function encodeCursor(e: { createdAt: Date; id: string }) {
  return Buffer.from(`${e.createdAt.toISOString()}|${e.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (!id || !isSaneDate(createdAt)) {
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: "Invalid cursor",
      details: { errors: { cursor: ["Pass the nextCursor of a previous page"] } },
    });
  }
  return { createdAt, id };
}

/**
 * Audit entries, newest first, as `{ data, nextCursor }` (the REST API). Keyset
 * pagination on (createdAt, id): stable while new entries arrive, never counts.
 */
export async function findAuditPage(
  opts: Partial<TAuditFilter> & { cursor?: string; limit: number },
) {
  const where = auditWhere(opts);
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    where.AND = [
      {
        OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }],
      },
    ];
  }
  const rows = await db.auditEntry.findMany({
    where,
    select: entrySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
  });
  const more = rows.length > opts.limit;
  const data = more ? rows.slice(0, opts.limit) : rows;
  return { data, nextCursor: more ? encodeCursor(data[data.length - 1]) : null };
}

export async function getAuditEntry(id: string) {
  return db.auditEntry.findUnique({ where: { id }, select: entrySelect });
}

/** The revert reason names the entry it reverts: this is that text. */
export const revertReason = (entryId: string) => `Revert of audit entry ${entryId}`;

/** For the given entries, the entry that reverted each (when one did): who, when, which. */
export async function findRevertsOf(entryIds: string[]) {
  type TRevertOf = { id: string; actorLabel: string; createdAt: Date };
  if (entryIds.length === 0) return new Map<string, TRevertOf>();
  const rows = await db.auditEntry.findMany({
    where: { action: { endsWith: ".reverted" }, reason: { in: entryIds.map(revertReason) } },
    select: { id: true, reason: true, actorLabel: true, createdAt: true },
  });
  return new Map<string, TRevertOf>(
    rows.map((r) => [
      r.reason!.replace(revertReason(""), ""),
      { id: r.id, actorLabel: r.actorLabel, createdAt: r.createdAt },
    ]),
  );
}

/** People who appear in the log (or could), for the actor filter. */
export async function findAuditActors() {
  return db.user.findMany({
    select: { id: true, name: true, email: true },
    orderBy: { name: "asc" },
  });
}

/** Entity types present in the log, for the entity filter. */
export async function findAuditEntityTypes() {
  const rows = await db.auditEntry.groupBy({ by: ["entityType"], orderBy: { entityType: "asc" } });
  return rows.map((r) => r.entityType);
}

/** The latest ledger changes of one team (its rows' entity ids start with the team id). */
export async function findLedgerHistory(teamId: string, take = 10) {
  return db.auditEntry.findMany({
    where: { entityType: "round_robin_ledger", entityId: { startsWith: `${teamId}:` } },
    select: entrySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}
