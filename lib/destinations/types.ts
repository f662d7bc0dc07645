/** A `delivery.send` job's payload: one action's handoff, to one destination. */
export type TDeliveryPayload = {
  eventId: string;
  handoffId: string;
  workflowId?: string;
  actionId: string;
  actionName?: string;
  destinationKey: string;
  idempotencyKey: string;
};
