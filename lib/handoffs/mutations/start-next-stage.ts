import "server-only";
import { createHash } from "node:crypto";
import { newEventId } from "@/lib/ingest/ingest-event";
import type { TEventChain } from "@/lib/workflow-definition/event-chain";
import type { TTx } from "@/lib/server/db-client";
import { enqueueJobs } from "@/lib/server/jobs";
import { asJson } from "@/lib/server/json";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";
import type { TLoadedHandoff } from "./run-handoff-action";

/** As at ingest: a chained event without an outcome this long after becomes STUCK. */
const CHAIN_DEADLINE_MS = 15 * 60_000;

export type TNextStageStarted = { eventId: string; workflowId: string; workflowName: string };

/**
 * The next stage of a chain (sales → onboarding), inside the transaction that
 * completes the handoff: when the handoff's workflow version lists this
 * outcome under `next`, an event for the named workflow is stored with its
 * processing job, on the same record, with the previous stage in its chain
 * (who owned it, what the outcome was). Its payload is the record's
 * accumulated attributes plus `previous`, so the next workflow's rules read
 * the lead as it stands. Once per handoff: the event's idempotency key is the
 * handoff's id. Answers null when nothing is chained to this outcome.
 */
export async function startNextStageInTx(
  tx: TTx,
  h: TLoadedHandoff,
  outcome: string,
): Promise<TNextStageStarted | null> {
  const parsed = ZWorkflowDefinition.safeParse(h.workflowVersion?.definition);
  if (!parsed.success || !h.workflowVersion) return null;
  const next = parsed.data.next.find((n) => n.outcome === outcome);
  if (!next) return null;

  const [target, from, record] = await Promise.all([
    tx.workflow.findUnique({
      where: { key: next.workflowKey },
      select: { id: true, name: true, sourceId: true },
    }),
    tx.workflow.findUnique({
      where: { id: h.workflowVersion.workflowId },
      select: { id: true, name: true },
    }),
    tx.record.findUnique({
      where: { id: h.recordId },
      select: {
        id: true,
        identityKey: true,
        email: true,
        name: true,
        company: true,
        phone: true,
        attributes: true,
        externalIds: true,
      },
    }),
  ]);
  // Publishing checks the target exists; one deleted since then stops the chain
  // here rather than failing the agent's completion.
  if (!target || !from || !record) return null;

  const chain: TEventChain = {
    fromHandoffId: h.id,
    fromWorkflowId: from.id,
    fromWorkflowName: from.name,
    outcome,
    previousOwnerId: h.owner?.id ?? null,
    previousOwnerName: h.owner?.name ?? null,
    workflowId: target.id,
    workflowName: target.name,
    recordId: record.id,
    identityKey: record.identityKey,
    fields: {
      email: record.email,
      name: record.name,
      company: record.company,
      phone: record.phone,
      externalId: null,
    },
  };
  const attributes = (record.attributes ?? {}) as Record<string, unknown>;
  const payload = JSON.stringify({
    ...attributes,
    previous: {
      workflow: from.name,
      outcome,
      ownerId: chain.previousOwnerId,
      ownerName: chain.previousOwnerName,
      handoffId: h.id,
    },
  });
  const now = new Date();
  const eventId = newEventId();
  await tx.event.create({
    data: {
      id: eventId,
      sourceId: target.sourceId,
      idempotencyKey: `chain:${h.id}`,
      bodyHash: createHash("sha256").update(payload).digest("hex"),
      payload,
      headers: asJson({}),
      status: "RECEIVED",
      receivedAt: now,
      deadlineAt: new Date(now.getTime() + CHAIN_DEADLINE_MS),
      recordId: record.id,
      chain: asJson(chain),
    },
  });
  await enqueueJobs(tx, [{ kind: "event.process", payload: { eventId }, eventId }]);
  return { eventId, workflowId: target.id, workflowName: target.name };
}
