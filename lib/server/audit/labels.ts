/**
 * Audit actions ("handoff.handed_back") as a person reads them in a history
 * ("Handed back"). The actions a timeline shows most have their own words;
 * any other reads as its entity and verb ("Source secret rotated").
 */
const LABELS: Record<string, string> = {
  "exception.opened": "Exception opened",
  "exception.approved": "Approved",
  "exception.rejected": "Rejected",
  "exception.reassigned": "Reassigned",
  "exception.escalated": "Escalated",
  "exception.closed": "Closed",
  "exception.resolved": "Resolved",
  "exception.replayed": "Replayed",
  "exception.replay_verified": "Replay verified",
  "exception.replay_failed": "Replay failed: back in the queue",
  "event.replayed": "Event sent through the pipeline again",
  "event.payload_edited": "Payload edited",
  "handoff.created": "Handoff created",
  "handoff.accepted": "Accepted",
  "handoff.completed": "Outcome recorded",
  "handoff.reassigned": "Reassigned",
  "handoff.escalated": "Escalated to the manager",
  "handoff.handed_back": "Handed back",
  "handoff.manager_asked": "Manager asked",
  "record.updated": "Record updated",
};

export function auditActionLabel(action: string): string {
  const known = LABELS[action];
  if (known) return known;
  const words = action.replace(/[._]/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
