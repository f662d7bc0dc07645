import "server-only";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";

export const handoffRowSelect = {
  id: true,
  state: true,
  dueAt: true,
  acceptedAt: true,
  completedAt: true,
  outcome: true,
  createdAt: true,
  version: true,
  record: { select: { id: true, name: true, email: true, company: true } },
  workflowVersion: { select: { workflow: { select: { id: true, name: true } } } },
} satisfies Prisma.HandoffSelect;

export type THandoffRow = Prisma.HandoffGetPayload<{ select: typeof handoffRowSelect }>;

/** The caller's handoffs: open ones first, most urgent (earliest due) first. */
export async function findMyHandoffs(
  actor: TActor,
  opts: { page: number; perPage: number; view: "open" | "done" },
) {
  const where: Prisma.HandoffWhereInput = {
    ownerId: actor.id,
    state:
      opts.view === "open"
        ? { in: ["PENDING", "ACCEPTED"] }
        : { in: ["COMPLETED", "HANDED_BACK", "ESCALATED", "CANCELLED"] },
  };
  const [data, total] = await Promise.all([
    db.handoff.findMany({
      where,
      select: handoffRowSelect,
      orderBy:
        opts.view === "open"
          ? [{ dueAt: "asc" }, { id: "asc" }]
          : [{ updatedAt: "desc" }, { id: "desc" }],
      skip: (opts.page - 1) * opts.perPage,
      take: opts.perPage,
    }),
    db.handoff.count({ where }),
  ]);
  return { data, total, page: opts.page, perPage: opts.perPage };
}
