import { z } from "zod";
import { DEFAULT_DATABASE_URL, databaseKind } from "./database-url";
import { parseAllowList } from "./net/outbound-guard";

/**
 * The only place that reads process.env. Parsed once; a bad value stops the
 * process at start-up with the variable's name rather than failing later.
 */
const ZBool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine(
      (url) => {
        try {
          databaseKind(url);
          return true;
        } catch {
          return false;
        }
      },
      { message: "must start with file: (SQLite) or postgresql:// (PostgreSQL)" },
    ),
  /** Signs session cookies. Generated and kept in data/ when unset (see auth/secret.ts). */
  AUTH_SECRET: z.string().min(32).optional(),
  /**
   * Key that encrypts stored credentials (source signing secrets, URL tokens,
   * mailbox passwords) with AES-256-GCM. Unset: derived from the auth secret,
   * so changing AUTH_SECRET then makes stored credentials unreadable.
   */
  BATON_SECRET_KEY: z.string().min(32).optional(),
  /**
   * Take the client IP from the last X-Forwarded-For entry (the one your proxy
   * appended) instead of the socket. Set only behind a proxy you run.
   */
  TRUST_PROXY: ZBool.default(false),
  /** Set by server.ts, never by hand: it stamps x-baton-client-ip on every request. */
  BATON_STAMPS_CLIENT_IP: ZBool.default(false),
  /** How often an open live stream re-checks its caller (session, token, user, role). */
  BATON_STREAM_RECHECK_MS: z.coerce.number().int().positive().default(60_000),
  /** Longest a live stream stays open; the browser's EventSource reconnects. */
  BATON_STREAM_MAX_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60_000),
  AUTH_THROTTLE_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  AUTH_THROTTLE_ACCOUNT_MAX: z.coerce.number().int().positive().default(10),
  AUTH_THROTTLE_IP_MAX: z.coerce.number().int().positive().default(50),
  /** Port of the production server (`npm start`; `-p` overrides). */
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** Interface it listens on (`-H` overrides); all interfaces when unset. */
  HOST: z.string().min(1).optional(),
  /** Where generated secrets and the SQLite file live. */
  DATA_DIR: z.string().default("./data"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Run the job worker inside the web process (embedded default) or not. */
  BATON_INLINE_WORKER: ZBool.default(true),
  /** A destination's circuit opens after this many consecutive transient failures… */
  BATON_CIRCUIT_FAILURES: z.coerce.number().int().positive().default(5),
  /** …and lets one trial delivery through after this long. */
  BATON_CIRCUIT_HALF_OPEN_MS: z.coerce.number().int().positive().default(30_000),
  /** Base delay of the exponential delivery backoff (full jitter). */
  BATON_RETRY_BASE_MS: z.coerce.number().int().positive().optional(),
  /** How often the worker polls for due jobs when idle. */
  BATON_WORKER_POLL_MS: z.coerce.number().int().positive().default(200),
  /**
   * PostgreSQL: the event loop wakes on LISTEN/NOTIFY (lib/server/job-wake.ts)
   * and polls only this often as a fallback while its listener is up (while
   * it is down, every BATON_WORKER_POLL_MS).
   */
  BATON_WORKER_NOTIFY_FALLBACK_MS: z.coerce.number().int().positive().default(2_000),
  /**
   * Most events a worker claims and processes in one transaction: 250 on
   * PostgreSQL, 50 on SQLite (where the batch's writes hold the one write
   * lock that acknowledgements wait for).
   */
  BATON_EVENT_BATCH: z.coerce.number().int().min(1).max(2000).optional(),
  /** Niceness the worker process (`scripts/worker.ts`) gives itself: 0–19, 0 leaves it alone. */
  BATON_WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /** How long a claimed job stays leased before another worker may take it over. */
  BATON_LEASE_MS: z.coerce.number().int().positive().default(60_000),
  /**
   * A job running longer than this makes /api/health report "degraded" with
   * the job (a worker stuck on it). Above the longest delivery timeout (30 s).
   */
  BATON_STUCK_JOB_MS: z.coerce.number().int().positive().default(45_000),
  /** Slack-compatible incoming webhook that every notification is also posted to (optional). */
  BATON_NOTIFY_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /**
   * Internal addresses outbound requests (destinations, test deliveries, the
   * notification webhook) may reach: CIDRs, IPs and exact host names,
   * comma-separated, e.g. `127.0.0.1/32,::1,10.0.0.0/8,crm.internal.example`.
   * Everything not globally routable is refused unless listed here. Unset
   * under `next dev` means loopback only (see below); set it empty to allow none.
   */
  BATON_OUTBOUND_ALLOW: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        if (v) parseAllowList(v);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
      }
    }),
  /**
   * Absolute base URL of the console, for links in outbound notifications (e.g. https://baton.example.com),
   * and the origin HubSpot v3 / Twilio signatures are checked against (unset: the request's Host).
   */
  BATON_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** How often a worker runs the channel monitor (quiet sources, rejection storms, channels down). */
  BATON_CHANNEL_MONITOR_MS: z.coerce.number().int().min(1000).default(60_000),
  /** How often the worker reconciles RECORD destinations with what Baton wrote (default 15 min). */
  BATON_RECONCILE_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(15 * 60_000),
  /** How often a worker looks for workflows with enough new labels to train a classifier version. */
  BATON_RETRAIN_SCAN_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Warn a handoff's owner this many minutes before its SLA is due, if still not accepted. */
  BATON_SLA_WARN_MINUTES: z.coerce.number().int().positive().default(15),
  /** Notify managers and admins when open DEAD_LETTER exceptions reach this many. */
  BATON_DEAD_LETTER_THRESHOLD: z.coerce.number().int().positive().default(10),
  /**
   * Inbound email (lib/ingest/email): the port of Baton's own SMTP listener,
   * started by `npm start`. Unset: no listener. 2525 is the suggested port
   * (25 needs root; put it behind your MX or a port forward).
   */
  BATON_SMTP_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** Interface the SMTP listener binds to: loopback unless you open it (0.0.0.0 for direct delivery). */
  BATON_SMTP_HOST: z.string().min(1).default("127.0.0.1"),
  /** Mail for `<source-key>@<this domain>` becomes events; unset: any domain (the local part names the source). */
  BATON_MAIL_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9.-]+$/, "must be a domain name such as leads.example.com")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Largest message accepted by SMTP (advertised with SIZE; over it: 552) or fetched over IMAP. */
  BATON_EMAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** With BATON_SMTP_PASSWORD: senders must AUTH (PLAIN/LOGIN) before MAIL FROM. */
  BATON_SMTP_USER: z.string().min(1).optional(),
  BATON_SMTP_PASSWORD: z.string().min(1).optional(),
  /** PEM files: with both set the listener offers STARTTLS (and AUTH only over TLS). */
  BATON_SMTP_TLS_KEY: z.string().min(1).optional(),
  BATON_SMTP_TLS_CERT: z.string().min(1).optional(),
  /** Poll the IMAP mailboxes configured on sources from this web process (`npm start`). */
  BATON_MAILBOX_POLLING: ZBool.default(true),
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`; otherwise an admin. */
  METRICS_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export type TEnv = z.infer<typeof ZEnv>;

// Pairs that only work together: half a pair is a configuration mistake.
const PAIRS = [
  ["BATON_SMTP_USER", "BATON_SMTP_PASSWORD"],
  ["BATON_SMTP_TLS_KEY", "BATON_SMTP_TLS_CERT"],
] as const;

function parseEnv(): TEnv {
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  for (const [a, b] of PAIRS) {
    if ((parsed.data[a] === undefined) !== (parsed.data[b] === undefined)) {
      throw new Error(`Invalid environment:\n  ${a} and ${b}: set both or neither`);
    }
  }
  return parsed.data;
}

export const env = parseEnv();

// `next dev` sets NODE_ENV=development itself, and local receivers are the
// norm there. Only an explicit "development" counts: a process that leaves
// NODE_ENV unset (a standalone worker) parses as development too, and must not
// quietly reach loopback in production.
if (env.BATON_OUTBOUND_ALLOW === undefined && process.env.NODE_ENV === "development") {
  env.BATON_OUTBOUND_ALLOW = "127.0.0.0/8,::1,localhost";
}

// next-auth v4 builds its callback URLs from NEXTAUTH_URL, or from the request's
// host when AUTH_TRUST_HOST is set. Baton is self-hosted on any port, so it trusts
// the host unless the operator pinned NEXTAUTH_URL.
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "1";
