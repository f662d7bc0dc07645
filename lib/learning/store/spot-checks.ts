import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { classifierConfigOf } from "../config-of";
import type { TSpotCheckListQuery } from "../schema";
import { livePrecisionInTx } from "./live-precision";

const spotCheckSelect = {
  id: true,
  workflowId: true,
  eventId: true,
  handoffId: true,
  modelVersion: true,
  kind: true,
  predictedLabel: true,
  confidence: true,
  features: true,
  decidedAt: true,
  verdict: true,
  label: true,
  checkedByLabel: true,
  checkedAt: true,
  workflow: { select: { name: true } },
} satisfies Prisma.ClassifierSpotCheckSelect;

/**
 * Which spot checks a list shows, and which the dashboard's live precision
 * counts: the same clause, so the list behind a figure is exactly its checks.
 */
export function spotCheckWhere(f: {
  workflowId: string | null;
  status: "pending" | "checked" | "all";
  from: Date | null;
  to: Date | null;
}): Prisma.ClassifierSpotCheckWhereInput {
  return {
    ...(f.workflowId ? { workflowId: f.workflowId } : {}),
    ...(f.status === "pending"
      ? { verdict: null }
      : f.status === "checked"
        ? { verdict: { not: null } }
        : {}),
    ...(f.from || f.to
      ? { decidedAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } }
      : {}),
  };
}

/**
 * Spot checks of automatic decisions, newest decision first: pending ones
 * wait for a reviewer, checked ones carry the verdict. One workflow's or
 * every workflow's; cursor pagination.
 */
export async function findSpotChecks(
  actor: TActor,
  workflowId: string | null,
  q: TSpotCheckListQuery,
) {
  assertCan(actor, "classifier:spot-check", "see spot checks");
  if (
    workflowId &&
    !(await db.workflow.findUnique({ where: { id: workflowId }, select: { id: true } }))
  )
    throw new AppError({ code: "NOT_FOUND", message: "Workflow not found" });
  const where = spotCheckWhere({
    workflowId,
    status: q.status,
    from: q.from ? new Date(q.from) : null,
    to: q.to ? new Date(q.to) : null,
  });
  const rows = await db.classifierSpotCheck.findMany({
    where,
    orderBy: [{ decidedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
    select: spotCheckSelect,
  });
  const page = rows.slice(0, q.limit);
  return {
    data: page.map(({ features, workflow, ...r }) => ({
      ...r,
      workflowName: workflow.name,
      text: ((features ?? {}) as { text?: Record<string, string> }).text ?? {},
    })),
    nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
  };
}

/**
 * Every workflow with a classifier: its live precision (the active version's
 * checked automatic decisions since auto-acting was last allowed), whether
 * the drift fallback holds it to suggesting, its pending checks and labels.
 */
export async function findClassifierLiveStatus(actor: TActor, workflowId?: string) {
  assertCan(actor, "classifier:spot-check", "see live precision");
  const workflows = await db.workflow.findMany({
    where: { classifierModels: { some: {} }, ...(workflowId ? { id: workflowId } : {}) },
    select: {
      id: true,
      name: true,
      draft: true,
      publishedVersion: { select: { definition: true } },
      classifierFallbacks: {
        where: { clearedAt: null },
        take: 1,
        select: {
          trippedAt: true,
          precision: true,
          checks: true,
          target: true,
          modelVersion: true,
        },
      },
      _count: { select: { classifierSpotChecks: { where: { verdict: null } } } },
    },
    orderBy: { name: "asc" },
  });
  return Promise.all(
    workflows.map(async (w) => {
      const config = classifierConfigOf(w);
      return {
        workflowId: w.id,
        name: w.name,
        labels: config?.labels ?? [],
        mode: config?.mode ?? "suggest",
        spotCheckShare: config?.spotCheckShare ?? 0,
        pending: w._count.classifierSpotChecks,
        live: await livePrecisionInTx(db, w.id),
        paused: w.classifierFallbacks[0] ?? null,
      };
    }),
  );
}
