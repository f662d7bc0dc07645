/** A `delivery.send` job's payload: one action's handoff, to one destination. */
export type TDeliveryPayload = {
  eventId: string;
  handoffId: string;
  workflowId?: string;
  actionId: string;
  actionName?: string;
  destinationKey: string;
  idempotencyKey: string;
  /** Email only: the message a reviewer approved (maybe edited), sent as it is. */
  approvedDraft?: {
    exceptionId: string;
    to: string;
    subject: string;
    text: string;
    html: string;
  };
};
