import type { TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import type { TRequestCtx } from "@/lib/server/request-context";

/** What a handler needs to write the revert and its audit entry. */
export type TRevertApply = {
  tx: TTx;
  actor: TActor;
  entityId: string;
  /** The audit entry the handler writes: `<entityType>.reverted`, reason "Revert of audit entry …". */
  audit: TRequestCtx & { action: string; reason: string };
};

/**
 * How to revert one entity type's configuration changes. The shared
 * `revertAuditEntry` checks the entry, reads the entity, refuses when it no
 * longer holds the entry's `after` values, then calls `apply` with the entry's
 * `before` — all in one transaction.
 */
export type TRevertHandler = {
  /** Entry actions this handler can revert (its own `.reverted` included: a revert can be undone). */
  actions: readonly string[];
  /** Fields a revert may write. An entry naming any other field is refused, whole. */
  fields: readonly string[];
  /** The entity's current values of `fields`, as JSON-able values; null when it no longer exists. */
  read(tx: TTx, entityId: string): Promise<Record<string, unknown> | null>;
  /**
   * Writes `values` (a subset of `fields`) and the audit entry, through the
   * same checks as the ordinary edit. May return work to run after commit
   * (a cache to forget).
   */
  apply(ctx: TRevertApply, values: Record<string, unknown>): Promise<(() => void) | void>;
};
