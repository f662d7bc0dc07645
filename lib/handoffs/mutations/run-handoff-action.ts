import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { AppError, isAppError } from "@/lib/server/errors";
import type { HandoffState, Prisma } from "@/lib/server/generated/sqlite/client";
import { assertCan } from "@/lib/server/auth/permissions";
import { getHandoffState, handoffScope, type THandoffState } from "../data";
import type { TRequestCtx } from "@/lib/server/request-context";

export const handoffLoadSelect = {
  id: true,
  state: true,
  version: true,
  ownerId: true,
  teamId: true,
  eventId: true,
  recordId: true,
  ruleId: true,
  dueAt: true,
  acceptedAt: true,
  /** The engine's decision trace (with the classifier's verdict, when it had one). */
  decision: true,
  owner: { select: { id: true, name: true } },
  record: { select: { id: true, email: true, name: true, company: true } },
  event: { select: { sourceId: true } },
  workflowVersion: { select: { workflowId: true, definition: true } },
} satisfies Prisma.HandoffSelect;

export type TLoadedHandoff = Prisma.HandoffGetPayload<{ select: typeof handoffLoadSelect }>;

const STATE_WORDS: Record<HandoffState, string> = {
  PENDING: "pending",
  ACCEPTED: "accepted",
  COMPLETED: "completed",
  HANDED_BACK: "handed back",
  ESCALATED: "escalated to the manager",
  CANCELLED: "cancelled",
};

/**
 * Runs one inbox action in one transaction: scope (agents: their own
 * handoffs; 404 otherwise) → `version` (409 with the fresh state) → state
 * (422 when the action does not fit it) → the change. Answers the fresh state.
 */
export async function runHandoffAction(
  actor: TActor,
  id: string,
  version: number,
  states: readonly HandoffState[],
  fn: (tx: TTx, h: TLoadedHandoff) => Promise<void>,
): Promise<THandoffState | null> {
  assertCan(actor, "handoffs:act", "act on handoffs");
  try {
    await db.$transaction(
      async (tx) => {
        const h = await tx.handoff.findFirst({
          where: { AND: [{ id }, handoffScope(actor)] },
          select: handoffLoadSelect,
        });
        if (!h) throw new AppError({ code: "NOT_FOUND", message: "No such handoff" });
        if (h.version !== version) {
          throw new AppError({ code: "CONFLICT", message: "This handoff changed meanwhile." });
        }
        if (!states.includes(h.state)) {
          throw new AppError({
            code: "UNPROCESSABLE",
            message: `This handoff is ${STATE_WORDS[h.state]}; that is not possible now.`,
          });
        }
        await fn(tx, h);
      },
      { timeout: 30_000, maxWait: 15_000 },
    );
  } catch (e) {
    if (isAppError(e) && e.code === "CONFLICT") {
      const current = await getHandoffState(actor, id);
      throw new AppError({
        code: "CONFLICT",
        message: current
          ? `This handoff changed meanwhile: it is now ${STATE_WORDS[current.state]}, owned by ${current.owner?.name ?? "nobody"}.`
          : e.message,
        details: { current },
      });
    }
    throw e;
  }
  return getHandoffState(actor, id);
}

/** Writes the handoff's new state only at the version that was checked, bumping it. */
export async function claimHandoff(
  tx: TTx,
  h: Pick<TLoadedHandoff, "id" | "version">,
  data: Prisma.HandoffUncheckedUpdateManyInput,
) {
  const res = await tx.handoff.updateMany({
    where: { id: h.id, version: h.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (res.count !== 1)
    throw new AppError({ code: "CONFLICT", message: "This handoff changed meanwhile." });
}

/** The audit entry of an inbox action, in its transaction. */
export function auditHandoff(
  tx: TTx,
  actor: TActor,
  ctx: TRequestCtx,
  entry: { id: string; action: string; before?: unknown; after?: unknown; reason?: string | null },
) {
  assertCan(actor, "handoffs:act", "act on handoffs");
  return recordAudit(tx, {
    actor: auditActor(actor),
    action: entry.action,
    entityType: "handoff",
    entityId: entry.id,
    before: entry.before,
    after: entry.after,
    reason: entry.reason ?? null,
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  });
}
