import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { assertCan } from "@/lib/server/auth/permissions";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { AppError, isAppError } from "@/lib/server/errors";
import type { Exception, Prisma } from "@/lib/server/generated/sqlite/client";
import type { TExceptionAction } from "@/lib/exception-model/allowed-actions";
import { exceptionScope, getExceptionState, type TExceptionState } from "../data";
import { planAction, type TActionKind, type TEffects } from "../effects";
import { loadFacts } from "../store/facts";
import { assertMayOperate } from "../policy";
import type { TRequestCtx } from "@/lib/server/request-context";

/** What an action answers: the exception as it is now, and what the action set in motion. */
export type TActionOutcome = {
  exception: TExceptionState | null;
  effects: TEffects & { handoffId?: string | null; exceptionIds?: string[] };
};

export type TLoaded = { x: Exception; kind: TActionKind; effects: TEffects };

/**
 * Loads an exception for an action inside the transaction and runs every
 * check, cheapest and least revealing first: role (403) → scope (404, so ids
 * are not probed) → `version` (409: the caller's view is stale) → whether
 * the action is possible for this exception now (422, with the reason).
 * `version: null` (bulk) acts on whatever version is current.
 */
export async function loadForAction(
  tx: TTx,
  actor: TActor,
  id: string,
  action: { action: TExceptionAction; from?: "trigger" | "failed_step" },
  version: number | null,
): Promise<TLoaded> {
  assertMayOperate(actor, action.action);
  const x = await tx.exception.findFirst({ where: { AND: [{ id }, exceptionScope(actor)] } });
  if (!x) throw new AppError({ code: "NOT_FOUND", message: "No such exception" });
  if (version !== null && x.version !== version) {
    throw new AppError({ code: "CONFLICT", message: STALE_MESSAGE });
  }
  const planned = planAction(x, action, await loadFacts(tx, x));
  if (!planned.ok) throw new AppError({ code: "UNPROCESSABLE", message: planned.why });
  if (answersOwnQuestion(actor, x, action.action)) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: "You asked this question: a manager answers it (you may close it to withdraw it).",
    });
  }
  return { x, kind: planned.kind, effects: planned.effects };
}

/** An agent's "ask a manager" question sits in their team's queue; they must not answer it themselves. */
function answersOwnQuestion(actor: TActor, x: Exception, action: TExceptionAction) {
  const c = (x.context ?? {}) as { kind?: unknown; askedBy?: { id?: unknown } };
  return (
    c.kind === "ask_manager" &&
    c.askedBy?.id === actor.id &&
    (action === "approve" || action === "reassign")
  );
}

// The version is a concurrency counter, not something a person reads: the
// message says what happened; `details.current` carries the state and version.
const STALE_MESSAGE =
  "Someone else changed this exception first. Review its current state and try again.";

/**
 * Writes the exception's new state only if it is still at the version that
 * was checked, bumping the version: of two operators acting at once, exactly
 * one gets here first; the other gets CONFLICT and its transaction rolls back.
 */
export async function claimException(
  tx: TTx,
  x: Pick<Exception, "id" | "version">,
  data: Prisma.ExceptionUncheckedUpdateManyInput,
) {
  const res = await tx.exception.updateMany({
    where: { id: x.id, version: x.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (res.count !== 1) {
    throw new AppError({ code: "CONFLICT", message: STALE_MESSAGE });
  }
}

/** The audit entry of an exception action, in the action's transaction. */
export function auditException(
  tx: TTx,
  actor: TActor,
  ctx: TRequestCtx,
  entry: { id: string; action: string; before?: unknown; after?: unknown; reason?: string | null },
) {
  assertCan(actor, "exceptions:act", "act on exceptions");
  return recordAudit(tx, {
    actor: auditActor(actor),
    action: entry.action,
    entityType: "exception",
    entityId: entry.id,
    before: entry.before,
    after: entry.after,
    reason: entry.reason ?? null,
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  });
}

/** The resolved-by-a-person fields every resolving action writes. */
export function resolvedBy(actor: TActor, resolution: string, note?: string | null) {
  return {
    status: "RESOLVED" as const,
    resolution,
    resolutionNote: note ?? null,
    resolvedAt: new Date(),
    resolvedById: actor.id,
  };
}

/**
 * Runs one action in one transaction and answers the fresh state. A CONFLICT
 * (stale version, or a concurrent winner) is answered with the exception as
 * it is now in `details.current`, so the loser sees what happened.
 */
export async function runExceptionAction(
  actor: TActor,
  id: string,
  fn: (tx: TTx) => Promise<TActionOutcome["effects"]>,
): Promise<TActionOutcome> {
  assertCan(actor, "exceptions:act", "act on exceptions");
  try {
    const effects = await db.$transaction(fn, { timeout: 30_000, maxWait: 15_000 });
    return { exception: await getExceptionState(actor, id), effects };
  } catch (e) {
    if (isAppError(e) && e.code === "CONFLICT") {
      const current = await getExceptionState(actor, id);
      throw new AppError({
        code: "CONFLICT",
        message: current
          ? `Someone else acted on this exception first: it is now ${current.status.toLowerCase()}${current.resolution ? ` (${current.resolution.toLowerCase().replaceAll("_", " ")})` : ""}.`
          : e.message,
        details: { current },
      });
    }
    throw e;
  }
}
