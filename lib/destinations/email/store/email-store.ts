import "server-only";
import { db } from "@/lib/server/db";
import { ZWorkflowDefinition, type TEmailAction } from "@/lib/workflow-definition/schema";
import type { TTemplateContext } from "@/lib/workflow-definition/template";
import { DEFAULT_REVIEW_KEYWORDS } from "../hold";

/** Where the admin's phrase list lives (AppSetting). */
export const REVIEW_KEYWORDS_KEY = "draft_review.keywords";
/** Where the classifier labels that always hold a message live (AppSetting). */
export const REVIEW_LABELS_KEY = "draft_review.labels";

/** The SentEmail row of an action already accepted by this destination's server, or null. */
export function findSentEmail(destinationId: string, idempotencyKey: string) {
  return db.sentEmail.findUnique({
    where: { destinationId_idempotencyKey: { destinationId, idempotencyKey } },
  });
}

const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";

/**
 * Records a 250 at once, before the delivery is settled: if the worker dies
 * or the settle fails after the server accepted, the next attempt finds this
 * row and does not send the message a second time.
 */
export async function recordSentEmail(row: {
  destinationId: string;
  idempotencyKey: string;
  messageId: string;
  recipients: string;
  subject: string;
  response: string;
  eventId: string | null;
}) {
  try {
    await db.sentEmail.create({ data: { ...row, subject: row.subject.slice(0, 500) } });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
}

export type TEmailSendContext = {
  action: TEmailAction | null;
  template: TTemplateContext;
  payload: unknown;
  confidence: { score: number; tier: string; high: number } | null;
  /** The classifier's in-scope label for the case, when the workflow has a classifier. */
  classifierLabel: string | null;
};

/**
 * What an email action renders over: the workflow version's action, the
 * record, the inbound payload and the handoff (owner, team, due time), and
 * the decision's confidence (for the hold check).
 */
export async function loadEmailContext(
  handoffId: string,
  actionId: string,
): Promise<TEmailSendContext | null> {
  const h = await db.handoff.findUnique({
    where: { id: handoffId },
    select: {
      id: true,
      dueAt: true,
      state: true,
      createdAt: true,
      record: {
        select: {
          id: true,
          email: true,
          name: true,
          company: true,
          phone: true,
          attributes: true,
        },
      },
      owner: { select: { id: true, email: true, name: true } },
      team: { select: { id: true, name: true } },
      workflowVersion: { select: { definition: true } },
      event: {
        select: {
          id: true,
          payload: true,
          decision: true,
          workflowVersion: { select: { definition: true } },
        },
      },
    },
  });
  if (!h) return null;
  const def = ZWorkflowDefinition.safeParse(
    h.workflowVersion?.definition ?? h.event?.workflowVersion?.definition,
  );
  const found = def.success ? def.data.actions.find((a) => a.id === actionId) : undefined;
  const payload = parsePayload(h.event?.payload);
  const decision = (h.event?.decision ?? {}) as {
    confidence?: { score?: unknown; tier?: unknown; high?: unknown } | null;
    classifier?: { label?: unknown; outOfScope?: unknown } | null;
  };
  const cl = decision.classifier;
  const c = decision.confidence;
  const confidence =
    c && typeof c.score === "number" && typeof c.tier === "string" && typeof c.high === "number"
      ? { score: c.score, tier: c.tier, high: c.high }
      : null;
  return {
    action: found?.type === "email" ? found : null,
    payload,
    confidence,
    classifierLabel: cl && typeof cl.label === "string" && cl.outOfScope !== true ? cl.label : null,
    template: {
      record: h.record ? { ...h.record, attributes: h.record.attributes ?? {} } : {},
      payload,
      handoff: {
        id: h.id,
        state: h.state,
        dueAt: h.dueAt.toISOString(),
        due: formatDue(h.dueAt),
        owner: h.owner ? { name: h.owner.name ?? h.owner.email, email: h.owner.email } : {},
        team: h.team ? { name: h.team.name } : {},
      },
    },
  };
}

/** The event's stored body (a JSON string) as an object; {} when it is not one. */
function parsePayload(raw: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** "Mon 7 Dec, 14:30 UTC": a due time a customer and an agent can both read. */
export function formatDue(d: Date): string {
  return `${new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
  }).format(d)} UTC`;
}

/** The admin's complaint and legal phrases; the defaults until one saves a list. */
export async function loadReviewKeywords(): Promise<string[]> {
  const row = await db.appSetting.findUnique({ where: { key: REVIEW_KEYWORDS_KEY } });
  const v = row?.value;
  return Array.isArray(v) && v.every((k) => typeof k === "string")
    ? (v as string[])
    : [...DEFAULT_REVIEW_KEYWORDS];
}

/** The classifier labels that always hold a message; none until an admin saves some. */
export async function loadReviewLabels(): Promise<string[]> {
  const row = await db.appSetting.findUnique({ where: { key: REVIEW_LABELS_KEY } });
  const v = row?.value;
  return Array.isArray(v) && v.every((k) => typeof k === "string") ? (v as string[]) : [];
}
