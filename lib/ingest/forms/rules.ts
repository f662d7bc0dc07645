import { createHash } from "node:crypto";
import { FILL_TIME_FIELD, SUBMISSION_ID_FIELD, normaliseOrigin, type TFormConfig } from "./config";

/**
 * The website-form rules, pure: no database, no Next. The endpoint
 * (handle-form-post.ts) runs them in this order: origin → rate limits →
 * body → CAPTCHA hook → spam (honeypot, fill time) → required fields.
 */

/** A decoded form body: repeated names become arrays (in the order sent). */
export type TFormFields = Record<string, string | string[]>;

export type THeldReason = "HONEYPOT" | "TOO_FAST" | "FILL_TIME_INVALID" | "CAPTCHA";

/**
 * The origin a browser says the post came from: the Origin header (browsers
 * send it on every cross-origin POST), else the Referer's origin. "null"
 * (sandboxed frames, privacy modes) and garbage count as none.
 */
export function requestOrigin(headers: Headers): string | null {
  const origin = headers.get("origin");
  if (origin && origin !== "null") return normaliseOrigin(origin);
  const referer = headers.get("referer");
  return referer ? normaliseOrigin(referer) : null;
}

/**
 * Whether the post comes from one of the form's sites. Fail closed: no
 * Origin and no Referer is refused too. This stops other sites from
 * embedding the form and is no authentication (a script can send any
 * header): the spam checks and rate limits still apply to allowed posts.
 */
export function checkOrigin(
  config: Pick<TFormConfig, "allowedOrigins">,
  headers: Headers,
): { ok: boolean; origin: string | null } {
  const origin = requestOrigin(headers);
  return { ok: origin !== null && config.allowedOrigins.includes(origin), origin };
}

const first = (v: string | string[] | undefined): string | undefined =>
  Array.isArray(v) ? v[0] : v;

const filled = (v: string | string[] | undefined): boolean =>
  Array.isArray(v) ? v.some((s) => s.trim() !== "") : v !== undefined && v.trim() !== "";

// A clock a few minutes ahead of ours is normal; a page stamped further in
// the future was not rendered by a server with a working clock.
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Unix time the page with the form was rendered, from `_baton_t` (seconds, or
 * milliseconds when it is that large). Undefined when absent: the check is
 * then skipped (a static page has nothing to put there). Null when unreadable.
 */
export function fillStartedAt(fields: TFormFields): number | null | undefined {
  const raw = first(fields[FILL_TIME_FIELD])?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d{1,15}$/.test(raw)) return null;
  const n = Number(raw);
  return n > 1e12 ? n : n * 1000;
}

/**
 * Why a post looks like a bot's, or null. Honeypot: the hidden field has a
 * value. Fill time (only when the page sent `_baton_t`): posted sooner than
 * `minFillSeconds` after the page was rendered, or a stamp that is not a time.
 */
export function spamVerdict(
  config: Pick<TFormConfig, "honeypotField" | "minFillSeconds">,
  fields: TFormFields,
  now: number,
): THeldReason | null {
  if (filled(fields[config.honeypotField])) return "HONEYPOT";
  const started = fillStartedAt(fields);
  if (started === undefined || config.minFillSeconds === 0) return null;
  if (started === null || started > now + FUTURE_SKEW_MS) return "FILL_TIME_INVALID";
  if (now - started < config.minFillSeconds * 1000) return "TOO_FAST";
  return null;
}

/** The required fields left empty (whitespace counts as empty), in the configured order. */
export function missingRequired(
  config: Pick<TFormConfig, "requiredFields">,
  fields: TFormFields,
): string[] {
  return config.requiredFields.filter((name) => !filled(fields[name]));
}

const clean = (s: string) => s.replace(/\r\n?/g, "\n").trim();

/**
 * What the pipeline stores: the posted fields without the ones the endpoint
 * reads itself (honeypot, `_baton_t`, `_baton_id`), values trimmed and line
 * ends normalised, so a resend with stray whitespace is the same submission.
 */
export function payloadFields(
  config: Pick<TFormConfig, "honeypotField">,
  fields: TFormFields,
): TFormFields {
  const out: TFormFields = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === config.honeypotField || name === FILL_TIME_FIELD || name === SUBMISSION_ID_FIELD) {
      continue;
    }
    out[name] = Array.isArray(value) ? value.map(clean) : clean(value);
  }
  return out;
}

/** One text per submission content: keys sorted, so field order does not matter. */
export function canonicalFields(fields: TFormFields): string {
  return JSON.stringify(
    Object.keys(fields)
      .sort()
      .map((k) => [k, fields[k]]),
  );
}

/** How long a double click (or a resend of the same answers) counts as the same post. */
export const DEDUPE_BUCKET_MS = 10 * 60_000;
const SUBMISSION_ID = /^[\w.:-]{8,200}$/;

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

/**
 * The idempotency key of a form post.
 *
 * - `_baton_id` present (8–200 of `A-Z a-z 0-9 _ . : -`): that id. A page
 *   rendered by the customer's server (or a fetch call) can give each view
 *   its own id; a resend with other answers under the same id is then a 422.
 * - Otherwise a hash of the source, the cleaned fields and a 10-minute time
 *   bucket: a double click or a reload-and-resend in the same bucket is one
 *   event (200, same redirect); the same answers an hour later are a new
 *   event. Two clicks either side of a bucket boundary make two events: with
 *   a second between clicks that is 1 in 600, accepted for a static page.
 */
export function formIdempotencyKey(
  sourceId: string,
  fields: TFormFields,
  raw: TFormFields,
  now: number,
): string {
  const id = first(raw[SUBMISSION_ID_FIELD])?.trim();
  if (id && SUBMISSION_ID.test(id)) return `form:id:${id}`;
  const bucket = Math.floor(now / DEDUPE_BUCKET_MS);
  return `form:${bucket}:${sha256(`${sourceId}\n${canonicalFields(fields)}`)}`;
}

/**
 * The event payload as text: the cleaned fields with their names sorted, so
 * the same answers always make the same text, and its SHA-256 (the body
 * hash acceptEvent compares under one key) is the same for a double click
 * and for a held post released later.
 */
export function formPayload(fields: TFormFields): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(fields)
        .sort()
        .map((k) => [k, fields[k]]),
    ),
  );
}
