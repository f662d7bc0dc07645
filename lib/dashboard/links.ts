/**
 * Where each figure leads: the queue (lib/exceptions/schema.ts
 * ZExceptionFilter parameters, exactly) or the audit log, filtered to the
 * items behind the figure. Figures about the chosen period carry its range
 * (exceptions opened in it); figures about now (open, dead letters, load)
 * do not.
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
  createdFrom?: string;
  createdBefore?: string;
  open?: string;
};

export function queueHref(p: TQueueParams): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/queue?${s}` : "/queue";
}

/** Queue parameters for the exceptions opened within a range (`to` exclusive). */
export function openedWithin(range: { from: Date; to: Date }) {
  return { createdFrom: range.from.toISOString(), createdBefore: range.to.toISOString() };
}

/** The audit log for an action prefix, within a range (the audit's `to` is inclusive). */
export function auditHref(action: string, range?: { from: Date; to: Date }): string {
  const q = new URLSearchParams({ action });
  if (range) {
    q.set("from", range.from.toISOString());
    q.set("to", new Date(range.to.getTime() - 1).toISOString());
  }
  return `/audit?${q.toString()}`;
}

/**
 * Links for the dashboard's figures, scoped to one workflow (and its source)
 * when chosen, and to the period (`to` exclusive) where the figure is about it.
 */
export function figureLinks(scope: {
  workflowId?: string;
  sourceId?: string;
  range?: { from: Date; to: Date };
}) {
  const w = scope.workflowId;
  const inPeriod = scope.range ? openedWithin(scope.range) : {};
  return {
    // The leads still unanswered now: the handoffs view counts them as the dashboard does.
    unanswered: `/handoffs?state=pending${w ? `&workflowId=${encodeURIComponent(w)}` : ""}`,
    accept: queueHref({ status: "all", reason: "SLA_BREACH", workflowId: w, ...inPeriod }),
    breach: queueHref({ status: "all", reason: "SLA_BREACH", workflowId: w, ...inPeriod }),
    firstAction: queueHref({ status: "open", sla: "breached", workflowId: w, ...inPeriod }),
    open: queueHref({ status: "open", workflowId: w }),
    opened: queueHref({ status: "all", workflowId: w, ...inPeriod }),
    reason: (reason: string) => queueHref({ status: "open", reason, workflowId: w }),
    deadLetters: queueHref({ status: "open", reason: "DEAD_LETTER", workflowId: w }),
    replays: auditHref("exception.replayed", scope.range),
    // STUCK exceptions carry the source, not the workflow (nothing routed them).
    coverage: queueHref({
      status: "all",
      reason: "STUCK",
      sourceId: scope.sourceId,
      ...inPeriod,
    }),
    owner: (ownerId: string) => queueHref({ status: "open", ownerId }),
  };
}

/** The events behind the reconciliation coverage figure's shortfall, for one horizon. */
export function unconfirmedHref(within: "1h" | "24h", range: { from: Date; to: Date }) {
  const q = new URLSearchParams({
    within,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
  });
  return `/dashboard/record-coverage?${q.toString()}`;
}
