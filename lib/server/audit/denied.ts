import { recordAudit } from "./record";
import { createRefusalAggregator } from "./refusals";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";

// One aggregator per process (lib/server/audit/refusals.ts): the first refusal of an
// (actor, route, minute) is written at once, repeats as one counted row. It
// lives on globalThis because Next bundles route handlers, server actions and
// instrumentation apart from server.ts: each bundle would otherwise hold its
// own counts, and shutdown would flush an empty one.
const KEY = Symbol.for("baton.refusal-aggregator");
const store = globalThis as { [KEY]?: ReturnType<typeof createRefusalAggregator> };
const refusals = (store[KEY] ??= createRefusalAggregator({
  write: (rows) =>
    db.$transaction(async (tx) => {
      for (const row of rows) await recordAudit(tx, row);
    }),
  onError: (err) => logger.warn({ err }, "aggregated refusal counts not written"),
}));

/**
 * Audits a signed-in caller refused by role (`access.denied`, aggregated per
 * minute). `key` groups the refusals (a route pattern; default `what`).
 */
export async function auditDenied(
  actor: TActor,
  what: string,
  requestId: string,
  ip?: string,
  opts: { key?: string } = {},
) {
  await refusals.record({
    actor: { id: actor.id, label: actor.email, role: actor.role },
    what,
    key: opts.key,
    requestId,
    ip,
  });
}

/** Writes the refusal counts still held in memory (shutdown calls it, like the ingest counts). */
export async function flushDeniedAudit(): Promise<void> {
  await refusals.flush(true);
}
