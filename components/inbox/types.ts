import type { THandoffAction } from "@/lib/handoffs/schema";

/**
 * Plain shapes the inbox components receive from the page (dates as ISO
 * strings). They mirror lib/handoffs/data.ts, which components may not
 * import; the page converts with `plain()` so the compiler checks the match.
 */

export type THistoryItemView = {
  at: string;
  kind: "event" | "decision" | "handoff" | "delivery" | "exception" | "audit";
  id: string;
  title: string;
  detail: string | null;
  status: string | null;
  entityType: string;
  entityId: string;
  httpStatus?: number | null;
  responseExcerpt?: string | null;
  actor?: string;
};

export type TAuditView = {
  id: string;
  action: string;
  actorType: string;
  actorLabel: string;
  reason: string | null;
  createdAt: string;
};

export type TRecordView = {
  id: string;
  identityKey: string;
  email: string | null;
  name: string | null;
  company: string | null;
  phone: string | null;
  externalIds: unknown;
  attributes: unknown;
  createdAt: string;
  updatedAt: string;
  owner: { id: string; name: string } | null;
};

export type THandoffDetailView = {
  handoff: {
    id: string;
    state: string;
    version: number;
    dueAt: string;
    acceptedAt: string | null;
    completedAt: string | null;
    createdAt: string;
    outcome: string | null;
    outcomeNote: string | null;
    escalations: number;
    record: { id: string; name: string | null; email: string | null; company: string | null };
    owner: { id: string; name: string } | null;
    team: { id: string; name: string } | null;
    workflow: { id: string; name: string } | null;
  };
  sla: { dueAt: string; state: string };
  payload: unknown;
  event: { id: string; status: string; receivedAt: string } | null;
  record: TRecordView | null;
  decision: unknown;
  history: THistoryItemView[];
  touchedBy: TAuditView[];
  outcomes: string[];
  actions: THandoffAction[];
  openExceptions: {
    id: string;
    reason: string;
    title: string;
    status: string;
    createdAt: string;
  }[];
};

export type TLeftItemView = {
  handoffId: string;
  at: string;
  kind: "reassigned" | "escalated";
  reason: string | null;
  record: { id: string; name: string | null; email: string | null; company: string | null };
  nowOwner: { id: string; name: string } | null;
};

/** What the panel's forms send: the handoff, the version it showed, and the action. */
export type TActInput = { handoffId: string; version: number } & (
  | { action: "accept" }
  | { action: "complete"; outcome: string; note?: string }
  | { action: "hand_back"; reason: string }
  | { action: "ask_manager"; note: string }
);

export type TActResult =
  | { ok: true; data: unknown }
  | {
      ok: false;
      code: string;
      status: number;
      message: string;
      fieldErrors?: Record<string, string[]>;
    };

export type TActFn = (input: TActInput) => Promise<TActResult>;
