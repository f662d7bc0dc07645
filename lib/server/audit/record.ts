import type { TTx } from "@/lib/server/db-client";
import { insertRowsInTx } from "@/lib/server/batch-insert";
import { newId } from "@/lib/server/ids";

/** Who did it: a signed-in user (or token), or the system (worker, reconciler). */
export type TAuditActor =
  { type: "USER"; id: string; label: string } | { type: "SYSTEM"; label: string };

export const SYSTEM_ACTOR: TAuditActor = { type: "SYSTEM", label: "system" };

export type TAuditInput = {
  actor: TAuditActor;
  /** Entity, then past-tense verb: "exception.replayed". */
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  requestId?: string | null;
  ip?: string | null;
};

// Defence in depth: no mutation puts a secret in an audit diff, and if one
// ever does, the writer keeps the field's name (so a revert still refuses it)
// but not its value.
const SECRET_FIELDS = new Set(["signingSecret", "previousSecret", "secret", "passwordEnc"]);
const redact = (key: string, value: unknown) =>
  SECRET_FIELDS.has(key) && typeof value === "string" ? "[redacted]" : value;

function toJson(value: unknown) {
  return value === undefined || value === null
    ? undefined
    : JSON.parse(JSON.stringify(value, redact));
}

/**
 * Writes an audit entry inside the caller's transaction, so the change and its
 * record commit or roll back together.
 */
export async function recordAudit(tx: TTx, input: TAuditInput) {
  await tx.auditEntry.create({ data: auditRow(input) });
}

/** The row for an audit entry, for callers that batch many into one createMany. */
export function auditRow(input: TAuditInput) {
  return {
    actorType: input.actor.type,
    actorId: input.actor.type === "USER" ? input.actor.id : null,
    actorLabel: input.actor.label,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    before: toJson(input.before),
    after: toJson(input.after),
    reason: input.reason ?? null,
    requestId: input.requestId ?? null,
    ip: input.ip ?? null,
  };
}

/**
 * Audit entries (`auditRow`) in one raw multi-row statement, stamped `now`:
 * the form the worker's raw SQLite batch transaction can take (a Prisma
 * create there would open a transaction of its own).
 */
export async function insertAuditRowsInTx(tx: TTx, rows: ReturnType<typeof auditRow>[], now: Date) {
  await insertRowsInTx(
    tx,
    "AuditEntry",
    {
      id: "text",
      actorType: "enum:ActorType",
      actorId: "text",
      actorLabel: "text",
      action: "text",
      entityType: "text",
      entityId: "text",
      before: "json",
      after: "json",
      reason: "text",
      requestId: "text",
      ip: "text",
      createdAt: "date",
    },
    rows.map((r) => ({ ...r, id: newId("a"), createdAt: now })),
  );
}

/** The before/after of the fields that changed, for `user.updated`-style entries. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    const next = after[key];
    const prev = before[key];
    const same =
      prev instanceof Date && next instanceof Date
        ? prev.getTime() === next.getTime()
        : JSON.stringify(prev) === JSON.stringify(next);
    if (next !== undefined && !same) {
      b[key] = prev;
      a[key] = next;
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 };
}
