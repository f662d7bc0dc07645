import { z } from "zod";

/**
 * A chained stage (sales → onboarding): a handoff completed with an outcome
 * that the workflow's `next` names starts another workflow on the same record.
 * Baton writes this on the event it creates for the next stage (Event.chain);
 * no sender can set it, so the engine may trust it to pick the workflow and
 * the record instead of the source's contract and identity mapping.
 */
export const ZEventChain = z.object({
  fromHandoffId: z.string(),
  fromWorkflowId: z.string(),
  fromWorkflowName: z.string(),
  outcome: z.string(),
  previousOwnerId: z.string().nullable(),
  previousOwnerName: z.string().nullable(),
  workflowId: z.string(),
  workflowName: z.string(),
  recordId: z.string(),
  identityKey: z.string(),
  fields: z.object({
    email: z.string().nullable(),
    name: z.string().nullable(),
    company: z.string().nullable(),
    phone: z.string().nullable(),
    externalId: z.string().nullable(),
  }),
});
export type TEventChain = z.infer<typeof ZEventChain>;

/** A stored chain column (JSON value or JSON text) as a chain, or null when absent or unreadable. */
export function parseEventChain(value: unknown): TEventChain | null {
  if (value === null || value === undefined) return null;
  let raw = value;
  if (typeof value === "string") {
    try {
      raw = JSON.parse(value);
    } catch {
      return null;
    }
  }
  const parsed = ZEventChain.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The trace line a chained event starts with. */
export function chainNote(c: TEventChain): string {
  const who = c.previousOwnerName ? ` by ${c.previousOwnerName}` : "";
  return `started by "${c.fromWorkflowName}": outcome ${c.outcome}${who}`;
}
