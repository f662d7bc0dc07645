import "server-only";
import { loadDirectory } from "@/lib/engine/store/directory";
import { skipReason } from "@/lib/engine/plan/assign/eligibility";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { isAppError } from "@/lib/server/errors";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { logger } from "@/lib/server/logger";
import type { TExceptionReason } from "@/lib/exception-model/allowed-actions";
import { exceptionScope } from "../data";
import { addEffects, NO_EFFECTS, planAction, type TActionKind, type TEffects } from "../effects";
import { describePrediction, predictReplays } from "../preview-replay";
import { loadPlanFacts } from "../store/facts";
import { filterClauses } from "../store/list-query";
import { actOnExceptionInTx } from "./act-on-exception";
import { assertMayOperate } from "../policy";
import type { TBulkAction, TExceptionFilter } from "../schema";
import type { TRequestCtx } from "@/lib/server/request-context";

/** At most this many exceptions per bulk request; the plan says when a filter matched more. */
export const BULK_LIMIT = 1000;
/** Items per transaction: short write locks, and one bad item costs one retry of its chunk. */
const CHUNK = 100;

export type TBulkInput = TBulkAction & { ids?: string[]; filter?: Partial<TExceptionFilter> };

export type TBulkPlan = {
  count: number;
  byReason: Partial<Record<TExceptionReason, number>>;
  sideEffects: TEffects;
  skipped: { id: string; why: string }[];
  /** More than BULK_LIMIT matched; only the oldest BULK_LIMIT are planned. */
  truncated: boolean;
  /** The ids the run acts on, in order. */
  ids: string[];
  /** Each item the run touches, with what will happen to it (replays: the engine's own plan). */
  items: { id: string; title: string; outcome: string }[];
};

const planSelect = {
  id: true,
  title: true,
  reason: true,
  status: true,
  eventId: true,
  recordId: true,
  handoffId: true,
  suggestion: true,
  allowedActions: true,
  context: true,
} satisfies Prisma.ExceptionSelect;

/**
 * What a bulk action would do, without writing: how many exceptions it acts
 * on (by reason), the side effects (handoffs created or moved, deliveries
 * re-sent, events replayed), and the items it skips with why — outside the
 * caller's scope, or the action is not possible for them (the same test the
 * single action applies). Managers and admins only.
 */
export async function planBulk(actor: TActor, input: TBulkInput): Promise<TBulkPlan> {
  assertMayOperate(actor, "bulk");
  const now = new Date();
  const scope = exceptionScope(actor);
  const where: Prisma.ExceptionWhereInput = input.ids
    ? { AND: [scope, { id: { in: input.ids } }] }
    : { AND: [scope, ...filterClauses(input.filter ?? {}, actor.id, now)] };
  const rows = await db.exception.findMany({
    where,
    select: planSelect,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: BULK_LIMIT + 1,
  });
  const truncated = rows.length > BULK_LIMIT;
  const items = rows.slice(0, BULK_LIMIT);
  const skipped: TBulkPlan["skipped"] = [];
  if (input.ids) {
    const found = new Set(items.map((r) => r.id));
    for (const id of input.ids) {
      if (!found.has(id)) skipped.push({ id, why: "Not found or outside your scope." });
    }
  }
  const facts = await loadPlanFacts(db, items);
  const room = await capacityLedger(now);
  const plan: TBulkPlan = {
    count: 0,
    byReason: {},
    sideEffects: NO_EFFECTS,
    skipped,
    truncated,
    ids: [],
    items: [],
  };
  const replays: { id: string; eventId: string }[] = [];
  for (const x of items) {
    const p = planAction(x, input, facts.get(x.id)!);
    if (!p.ok) {
      skipped.push({ id: x.id, why: p.why });
      continue;
    }
    // A named owner must be able to take work, and takes one more open
    // handoff per handoff created or moved: refuse up front what the single
    // action would refuse (away, inactive, at capacity).
    const owner = input.action === "reassign" ? input.ownerId : suggestedOwnerOf(p.kind, x);
    const takes = p.effects.handoffsCreated + p.effects.handoffsReassigned;
    const why = owner ? room.take(owner, takes) : null;
    if (why) {
      skipped.push({ id: x.id, why });
      continue;
    }
    plan.count += 1;
    plan.byReason[x.reason] = (plan.byReason[x.reason] ?? 0) + 1;
    plan.sideEffects = addEffects(plan.sideEffects, p.effects);
    plan.ids.push(x.id);
    plan.items.push({ id: x.id, title: x.title, outcome: OUTCOME_WORDS[p.kind] });
    if (p.kind === "replay_event" && x.eventId) replays.push({ id: x.id, eventId: x.eventId });
  }
  // A replay's handoff is the re-run's decision: ask the engine's planning
  // now, on all of them in order, as the worker will run them.
  if (replays.length > 0) {
    const predicted = await predictReplays(
      replays.map((r) => r.eventId),
      now,
    );
    const byId = new Map(plan.items.map((i) => [i.id, i]));
    for (const r of replays) {
      const p = predicted.get(r.eventId);
      if (p?.kind === "handoff") plan.sideEffects.handoffsCreated += 1;
      byId.get(r.id)!.outcome = `Replayed. ${describePrediction(p)}`;
    }
  }
  return plan;
}

const OUTCOME_WORDS: Record<TActionKind, string> = {
  resolve: "Resolved.",
  escalate: "Escalated.",
  answer: "Answered; the open handoff carries on.",
  create_handoff: "A handoff is created.",
  move_handoff: "Its handoff moves to the new owner.",
  move_exception: "Moves to the new owner.",
  merge: "Stitched onto the existing record and decided again.",
  accept_event_values: "The event's values win, then it is decided again.",
  replay_event: "Replayed.",
  resend_delivery: "The failed delivery is sent again with its key.",
  send_draft: "The held email is sent as drafted.",
};

function suggestedOwnerOf(kind: string, x: { suggestion: unknown }): string | undefined {
  if (kind !== "create_handoff") return undefined;
  const id = (x.suggestion as { ownerId?: unknown } | null)?.ownerId;
  return typeof id === "string" ? id : undefined;
}

/**
 * Open-handoff room per person, counted down as the plan assigns: the
 * engine's eligibility test, with the load growing item by item.
 * (Round-robin within a team is not simulated; the run reports what fails.)
 */
async function capacityLedger(now: Date) {
  const members = new Map((await loadDirectory()).members.map((m) => [m.id, { ...m }]));
  return {
    take(userId: string, handoffs: number): string | null {
      const m = members.get(userId);
      if (!m) return "No such agent or manager.";
      const skip = skipReason(m, now);
      if (skip) return `Cannot assign to ${skip.detail}.`;
      m.openHandoffs += handoffs;
      return null;
    },
  };
}

export type TBulkResult = {
  done: number;
  failed: { id: string; message: string }[];
  skipped: TBulkPlan["skipped"];
  sideEffects: TEffects;
};

/**
 * Runs a bulk action: plans it, then acts on each planned item under the
 * same rules as a single action, at the version the item has when its turn
 * comes. Items go in chunks, one transaction each; if anything in a chunk
 * fails, the chunk rolls back and its items are redone one by one, so one
 * item that changed meanwhile fails alone with its message.
 */
export async function runBulk(
  actor: TActor,
  input: TBulkInput,
  ctx: TRequestCtx = {},
): Promise<TBulkResult> {
  assertMayOperate(actor, "bulk");
  const plan = await planBulk(actor, input);
  const result: TBulkResult = {
    done: 0,
    failed: [],
    skipped: plan.skipped,
    sideEffects: NO_EFFECTS,
  };
  const actOn = (ids: string[]) =>
    db.$transaction(
      async (tx) => {
        let effects = NO_EFFECTS;
        for (const id of ids) {
          effects = addEffects(effects, await actOnExceptionInTx(tx, actor, id, input, null, ctx));
        }
        return effects;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  for (let i = 0; i < plan.ids.length; i += CHUNK) {
    const chunk = plan.ids.slice(i, i + CHUNK);
    try {
      result.sideEffects = addEffects(result.sideEffects, await actOn(chunk));
      result.done += chunk.length;
      continue;
    } catch {
      // Redo the chunk item by item below.
    }
    for (const id of chunk) {
      try {
        result.sideEffects = addEffects(result.sideEffects, await actOn([id]));
        result.done += 1;
      } catch (e) {
        if (!isAppError(e)) logger.error({ err: e, exceptionId: id, ...ctx }, "bulk item failed");
        result.failed.push({
          id,
          message: isAppError(e) ? e.message : "Something went wrong on our side.",
        });
      }
    }
  }
  return result;
}
