/**
 * Where each figure leads: the queue (lib/exceptions/schema.ts
 * ZExceptionFilter parameters, exactly) or the audit log, filtered to the
 * items behind the figure. The queue has no date filter, so a link narrows
 * by what the queue can filter on (reason, status, workflow, source, owner).
 */
export type TQueueParams = {
  status?: "open" | "resolved" | "all";
  reason?: string;
  workflowId?: string;
  sourceId?: string;
  ownerId?: string;
  teamId?: string;
  sla?: "on_track" | "due_soon" | "breached";
  age?: string;
  open?: string;
};

export function queueHref(p: TQueueParams): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/queue?${s}` : "/queue";
}

export function auditHref(action: string): string {
  return `/audit?${new URLSearchParams({ action }).toString()}`;
}

/** Links for the dashboard's figures, scoped to one workflow (and its source) when chosen. */
export function figureLinks(scope: { workflowId?: string; sourceId?: string }) {
  const w = scope.workflowId;
  return {
    // Unanswered leads past their due time become SLA-breach exceptions.
    unanswered: queueHref({ status: "open", reason: "SLA_BREACH", workflowId: w }),
    accept: queueHref({ status: "all", reason: "SLA_BREACH", workflowId: w }),
    breach: queueHref({ status: "all", reason: "SLA_BREACH", workflowId: w }),
    firstAction: queueHref({ status: "open", sla: "breached", workflowId: w }),
    open: queueHref({ status: "open", workflowId: w }),
    opened: queueHref({ status: "all", workflowId: w }),
    reason: (reason: string) => queueHref({ status: "open", reason, workflowId: w }),
    deadLetters: queueHref({ status: "open", reason: "DEAD_LETTER", workflowId: w }),
    replays: auditHref("exception.replayed"),
    // STUCK exceptions carry the source, not the workflow (nothing routed them).
    coverage: queueHref({ status: "all", reason: "STUCK", sourceId: scope.sourceId }),
    owner: (ownerId: string) => queueHref({ status: "open", ownerId }),
  };
}
