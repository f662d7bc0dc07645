/** Plain shapes the queue components receive from the server (dates as ISO strings). */
export type TQueueRow = {
  id: string;
  reason: string;
  status: string;
  title: string;
  detail: string | null;
  dueAt: string;
  createdAt: string;
  version: number;
  sla: "on_track" | "due_soon" | "breached";
  actions: string[];
  owner: { id: string; name: string } | null;
  team: { id: string; name: string } | null;
  workflow: { id: string; name: string } | null;
  source: { id: string; key: string; name: string } | null;
};

export type THistoryItem = {
  at: string;
  kind: string;
  id: string;
  title: string;
  detail: string | null;
  status: string | null;
  httpStatus?: number | null;
  responseExcerpt?: string | null;
  actor?: string;
};

export type TCandidate = {
  id: string;
  name: string;
  teamId: string | null;
  openHandoffs: number;
  capacity: number;
  unavailable: string | null;
};

export type TExceptionDetailView = {
  exception: TQueueRow & {
    resolutionNote: string | null;
    resolution: string | null;
    resolvedAt: string | null;
    resolvedBy: { name: string } | null;
    eventId: string | null;
    recordId: string | null;
    handoffId: string | null;
    confidence: number | null;
  };
  sla: { dueAt: string; state: string };
  payload: unknown;
  event: {
    id: string;
    status: string;
    receivedAt: string;
    processedAt: string | null;
    source: { key: string; name: string };
    timeline: unknown;
  } | null;
  record: {
    id: string;
    email: string | null;
    name: string | null;
    company: string | null;
    phone: string | null;
    owner?: { name: string } | null;
  } | null;
  decision: unknown;
  context: Record<string, unknown>;
  suggestion: unknown;
  confidence: number | null;
  history: THistoryItem[];
  touchedBy: {
    id: string;
    at?: string;
    createdAt?: string;
    actorLabel?: string;
    actor?: string;
    action: string;
    reason?: string | null;
  }[];
  actions: string[];
  reassign: { candidates: TCandidate[]; teams: { id: string; name: string }[] } | null;
};

export type TActionResult<T = unknown> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: string;
      status: number;
      message: string;
      fieldErrors?: Record<string, string[]>;
    };
