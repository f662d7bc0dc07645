import "server-only";
import { destinationRevert } from "./destination";
import { roundRobinLedgerRevert } from "./round-robin-ledger";
import { sourceRevert } from "./source";
import { teamRevert } from "./team";
import type { TRevertHandler } from "./types";
import { userRevert } from "./user";
import { workflowRevert } from "./workflow";

/**
 * Which audit entries can be reverted, by entity type. An entity type with no
 * handler here has no revert: operational events (exceptions, handoffs,
 * deliveries), creations, deactivations and secret rotations are history,
 * not configuration.
 */
export const REVERT_HANDLERS: Record<string, TRevertHandler | undefined> = {
  user: userRevert,
  team: teamRevert,
  round_robin_ledger: roundRobinLedgerRevert,
  source: sourceRevert,
  destination: destinationRevert,
  workflow: workflowRevert,
};

type TEntryLike = {
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
};

const keysOf = (v: unknown) =>
  v && typeof v === "object" && !Array.isArray(v) ? Object.keys(v) : null;

/**
 * Whether an entry can be reverted at all (before looking at the entity's
 * current state), and if not, why — in words for the person asking.
 */
export function revertability(
  entry: TEntryLike,
): { ok: true; handler: TRevertHandler; fields: string[] } | { ok: false; reason: string } {
  const handler = REVERT_HANDLERS[entry.entityType];
  if (!handler) return { ok: false, reason: `Changes to ${entry.entityType} cannot be reverted` };
  if (!handler.actions.includes(entry.action)) {
    return {
      ok: false,
      reason: `${entry.action} is not a configuration change that can be reverted`,
    };
  }
  const before = keysOf(entry.before);
  const after = keysOf(entry.after);
  if (!entry.entityId || !before || !after || after.length === 0) {
    return { ok: false, reason: "This entry does not record the earlier values" };
  }
  const fields = [...new Set([...before, ...after])];
  const foreign = fields.filter((f) => !handler.fields.includes(f));
  if (foreign.length > 0) {
    return {
      ok: false,
      reason: `This entry changes fields a revert may not touch: ${foreign.join(", ")}`,
    };
  }
  return { ok: true, handler, fields };
}
