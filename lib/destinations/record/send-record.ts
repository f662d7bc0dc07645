import "server-only";
import { openSecret, SecretBoxError } from "@/lib/server/secret-box";
import { outboundError, outboundFetch } from "@/lib/server/net/outbound-fetch";
import { ZRecordAction, type TRecordAction } from "@/lib/workflow-definition/record-action";
import { readPointer, renderJson, renderText } from "@/lib/workflow-definition/templates";
import { classifyFailure, type TDeliveryAttempt } from "../classify-failure";
import type { TDeliveryPayload } from "../types";
import { compareFields, fieldSteps, parseAnswer, type TCheckedField } from "./compare";
import { parseRecordSettings } from "./settings";
import {
  claimLink,
  loadRecordJobContext,
  saveRecordWrite,
  storeExternalId,
  type TExpected,
  type TRecordJobContext,
} from "./store/links";

/** One record write attempt, as the delivery machinery records and classifies it. */
export type TRecordResult = TDeliveryAttempt & {
  durationMs: number;
  excerpt: string | null;
  /** A problem retrying cannot fix (a broken action, an answer without an id): a data failure. */
  refused?: string;
  /** The read-back, when the action verifies and the write went through. */
  verify?: { matched: boolean; fields: TCheckedField[]; path: string };
  trace: string[];
  externalId?: string | null;
};

type TDestination = {
  id: string;
  name: string;
  url: string;
  timeoutMs: number;
  settings: unknown;
};

/** The values a record action's templates see. */
function templateContext(h: TRecordJobContext, externalId: string | null) {
  let payload: unknown = null;
  try {
    payload = h.event ? JSON.parse(h.event.payload) : null;
  } catch {
    payload = null;
  }
  return {
    record: h.record,
    handoff: { id: h.id, state: h.state, dueAt: h.dueAt, owner: h.owner, team: h.team },
    decision: h.decision,
    payload,
    externalId: externalId ?? "",
  };
}

/** base URL + rendered path; every value URL-encoded so none can add a "/", "?" or "#". */
function urlFor(base: string, pathTemplate: string, ctx: unknown) {
  const path = renderText(pathTemplate, ctx, encodeURIComponent);
  return { path, url: base.replace(/\/+$/, "") + path };
}

/** Header values from templates: line breaks removed (no header injection). */
function renderHeaders(action: TRecordAction, ctx: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(action.headers).map(([k, v]) => [
      k,
      renderText(v, ctx).replace(/[\r\n]+/g, " "),
    ]),
  );
}

function findAction(h: TRecordJobContext, actionId: string): TRecordAction | string {
  const def = (h.workflowVersion?.definition ?? {}) as { actions?: unknown[] };
  const raw = (def.actions ?? []).find((a) => (a as { id?: unknown } | null)?.id === actionId);
  if (!raw) return `the workflow version has no action "${actionId}"`;
  const parsed = ZRecordAction.safeParse(raw);
  return parsed.success ? parsed.data : `action "${actionId}" is not a valid record action`;
}

/**
 * Writes the handoff's record to a system of record: an update of the
 * downstream record when Baton holds its id, else a create whose answer's id
 * is stored; then, when the action verifies, a GET of the record and a
 * field-by-field comparison. Every step is a line of the trace.
 */
export async function sendRecord(
  destination: TDestination,
  p: TDeliveryPayload,
  jobId: string,
  now = new Date(),
): Promise<TRecordResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const trace: string[] = [];
  const refuse = (why: string): TRecordResult => ({
    refused: why,
    durationMs: ms(),
    excerpt: why,
    trace: [...trace, `not sent: ${why}`],
  });

  const h = await loadRecordJobContext(p.handoffId);
  if (!h) return refuse("the handoff no longer exists");
  const action = findAction(h, p.actionId);
  if (typeof action === "string") return refuse(action);
  const settings = parseRecordSettings(destination.settings);
  const auth: Record<string, string> = {};
  if (settings.authHeaderSealed) {
    try {
      auth[settings.authHeaderName] = openSecret(settings.authHeaderSealed);
    } catch (e) {
      if (e instanceof SecretBoxError) return refuse(e.message);
      throw e;
    }
  }

  const link = await claimLink(h.recordId, destination.id, p.idempotencyKey);
  let externalId = link.externalId;
  let ctx = templateContext(h, externalId);
  const req = externalId ? action.update : action.create;
  const { path, url } = urlFor(destination.url, req.path, ctx);
  trace.push(`sent ${req.method} ${path}`);
  let write: { status: number; headers: TDeliveryAttempt["headers"]; text: string };
  try {
    const res = await outboundFetch(url, {
      method: req.method,
      timeoutMs: destination.timeoutMs,
      headers: {
        ...renderHeaders(action, ctx),
        ...auth,
        accept: "application/json",
        "content-type": "application/json",
        "user-agent": "Baton/0.1 (+record write)",
        // A create always carries the link's create key (see claimLink). An
        // update's key is the job's: its retries are one update, while an
        // operator's replay (a new job) is a new write a careful receiver
        // must apply, not answer from its memory of the dropped one.
        "idempotency-key": externalId ? `${p.idempotencyKey}.${jobId}` : link.createKey,
      },
      body: renderJson(req.body, ctx),
    });
    write = { status: res.status, headers: res.headers, text: await res.text().catch(() => "") };
  } catch (e) {
    const { code: error, message: detail } = outboundError(e);
    return {
      error,
      detail,
      durationMs: ms(),
      excerpt: detail,
      trace: [...trace, `error: ${error}`],
    };
  }
  trace.push(String(write.status));
  const answered = {
    status: write.status,
    headers: write.headers,
    durationMs: 0,
    excerpt: write.text.slice(0, 500) || null,
  };
  if (classifyFailure(answered) !== "success") return { ...answered, durationMs: ms(), trace };

  if (!externalId) {
    const id = readPointer(parseAnswer(write.text), action.idPointer);
    if (typeof id !== "string" && typeof id !== "number") {
      return {
        ...refuse(`the create answer has no id at ${action.idPointer || "(root)"}`),
        status: write.status,
      };
    }
    externalId = await storeExternalId(link.id, String(id));
    ctx = templateContext(h, externalId);
    trace.push(`id ${externalId}`);
  }

  const done = (extra: Partial<TRecordResult>): TRecordResult => ({
    ...answered,
    durationMs: ms(),
    trace,
    externalId,
    ...extra,
  });
  const base = {
    linkId: link.id,
    recordId: h.recordId,
    destinationId: destination.id,
    eventId: p.eventId,
    handoffId: p.handoffId,
    now,
  };
  if (!action.verify) {
    await saveRecordWrite({ ...base, expected: null, check: null });
    return done({});
  }

  const expectedFields = action.verify.fields.map((f) => ({
    label: f.label,
    pointer: f.pointer,
    expected: renderText(f.expected, ctx),
  }));
  const read = urlFor(destination.url, action.verify.path, ctx);
  trace.push("read back");
  let doc: unknown = null;
  try {
    const res = await outboundFetch(read.url, {
      method: "GET",
      timeoutMs: destination.timeoutMs,
      headers: { ...auth, accept: "application/json", "user-agent": "Baton/0.1 (+read-back)" },
    });
    const text = await res.text().catch(() => "");
    const got = { status: res.status, headers: res.headers };
    // The write went through but the read did not: try again (the next
    // attempt updates by the stored id, then reads again).
    if (classifyFailure(got) === "transient") {
      return {
        ...got,
        durationMs: ms(),
        excerpt: `read back: HTTP ${res.status}`,
        trace: [...trace, String(res.status)],
      };
    }
    if (res.status >= 200 && res.status < 300) doc = parseAnswer(text);
    else trace.push(`${res.status} (not found)`);
  } catch (e) {
    const { code: error, message: detail } = outboundError(e);
    return {
      error,
      detail,
      durationMs: ms(),
      excerpt: `read back: ${detail}`,
      trace: [...trace, `error: ${error}`],
    };
  }
  const fields = compareFields(doc, expectedFields);
  trace.push(...fieldSteps(fields));
  const matched = fields.every((f) => f.ok);
  const expected: TExpected = {
    path: read.path,
    fields: expectedFields,
    actionId: action.id,
    actionName: action.name,
    idempotencyKey: p.idempotencyKey,
    workflowId: p.workflowId ?? null,
  };
  await saveRecordWrite({ ...base, expected, check: { matched, fields, trace } });
  return done({ verify: { matched, fields, path: read.path } });
}
