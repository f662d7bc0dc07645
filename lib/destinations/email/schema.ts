import { z } from "zod";

/**
 * An EMAIL destination's SMTP settings. Stored in Destination.settings with
 * the password sealed (lib/server/secret-box); the browser never gets it back,
 * only whether one is set.
 */

/** implicit: TLS from the first byte (port 465); starttls: upgrade required (587); none: loopback only. */
export const SMTP_TLS_MODES = ["implicit", "starttls", "none"] as const;
export type TSmtpTlsMode = (typeof SMTP_TLS_MODES)[number];
export const TLS_MODE_LABELS: Record<TSmtpTlsMode, string> = {
  implicit: "Implicit TLS",
  starttls: "STARTTLS required",
  none: "None (loopback)",
};

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

/** A host name or IP literal, no scheme, no port. */
const ZSmtpHost = z
  .string()
  .trim()
  .min(1, "Enter the SMTP server's host name")
  .max(253, "At most 253 characters")
  .regex(
    /^(\[[0-9a-f:.]+\]|[0-9a-f:]+:[0-9a-f:.]*|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)$/i,
    "Use a host name such as smtp.example.com (no scheme, no port)",
  );

const ZPort = z
  .number({ error: "Enter a port number" })
  .int("Use a whole number")
  .min(1, "1–65535")
  .max(65535, "1–65535");

/** One address, the RFC 5322 addr-spec subset every SMTP server takes. */
export const ZMailbox = z
  .string()
  .trim()
  .max(320)
  .regex(
    /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/,
    "Use an address such as hello@example.com",
  );

const ZFrom = z
  .string()
  .trim()
  .min(1, "Enter the From address")
  .max(400)
  .superRefine((v, ctx) => {
    // "Name <addr>" or a bare address.
    const m = /^(?:"?([^"<>\r\n]*)"?\s*)?<([^<>\s]+)>$/.exec(v);
    const addr = m ? m[2] : v;
    if (!ZMailbox.safeParse(addr).success)
      ctx.addIssue({
        code: "custom",
        message: 'Use hello@example.com or "Name <hello@example.com>"',
      });
  });

/** The SMTP fields' validators, shared by the REST body and the form (flat `smtp*` names). */
export const SMTP_FIELDS = {
  host: ZSmtpHost,
  port: ZPort,
  tls: z.enum(SMTP_TLS_MODES, { error: "Choose how the connection is secured" }),
  username: z.string().trim().max(320, "At most 320 characters").default(""),
  password: z.string().max(1000, "At most 1000 characters").default(""),
  from: ZFrom,
};
const base = {
  host: SMTP_FIELDS.host,
  port: SMTP_FIELDS.port,
  tls: SMTP_FIELDS.tls,
  username: SMTP_FIELDS.username,
  from: SMTP_FIELDS.from,
};

const NO_TLS_MESSAGE =
  "Without TLS the password and mail cross the network in clear: only for a relay on this machine (localhost)";

/** tls "none" is for a relay on this machine only. */
export function loopbackOnlyWithoutTls(host: string, tls: TSmtpTlsMode): boolean {
  return tls !== "none" || LOOPBACK.test(host);
}

/** The settings an admin submits. A blank password keeps the stored one (on update). */
export const ZSmtpSettingsInput = z
  .object(SMTP_FIELDS)
  .refine((v) => loopbackOnlyWithoutTls(v.host, v.tls), { message: NO_TLS_MESSAGE, path: ["tls"] });
export type TSmtpSettingsInput = z.infer<typeof ZSmtpSettingsInput>;

/** The form's SMTP fields: `smtpHost`, `smtpPort` (typed), `smtpTls`… as one settings object. */
export const ZSmtpSettingsForm = z
  .object({
    smtpHost: SMTP_FIELDS.host,
    smtpPort: z.preprocess(
      (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v)) : v),
      SMTP_FIELDS.port,
    ),
    smtpTls: SMTP_FIELDS.tls,
    smtpUsername: SMTP_FIELDS.username,
    smtpPassword: SMTP_FIELDS.password,
    smtpFrom: SMTP_FIELDS.from,
  })
  .refine((v) => loopbackOnlyWithoutTls(v.smtpHost, v.smtpTls), {
    message: NO_TLS_MESSAGE,
    path: ["smtpTls"],
  });

/** The form's fields as the settings the mutations take. */
export function smtpFromForm(v: z.output<typeof ZSmtpSettingsForm>): TSmtpSettingsInput {
  return {
    host: v.smtpHost,
    port: v.smtpPort,
    tls: v.smtpTls,
    username: v.smtpUsername,
    password: v.smtpPassword,
    from: v.smtpFrom,
  };
}

/** What Destination.settings holds for an EMAIL destination (password sealed, "" when none). */
export const ZStoredSmtpSettings = z.object({
  ...base,
  passwordSealed: z.string().default(""),
});
export type TStoredSmtpSettings = z.infer<typeof ZStoredSmtpSettings>;

/** What the admin page shows: never the password, only whether there is one. */
export type TPublicSmtpSettings = Omit<TStoredSmtpSettings, "passwordSealed"> & {
  hasPassword: boolean;
};

export function publicSmtpSettings(stored: unknown): TPublicSmtpSettings | null {
  const parsed = ZStoredSmtpSettings.safeParse(stored);
  if (!parsed.success) return null;
  const { passwordSealed, ...rest } = parsed.data;
  return { ...rest, hasPassword: passwordSealed !== "" };
}

/** The display URL of an SMTP destination (Destination.url is required for every kind). */
export function smtpUrl(s: { host: string; port: number; tls: TSmtpTlsMode }): string {
  const host = s.host.includes(":") && !s.host.startsWith("[") ? `[${s.host}]` : s.host;
  return `${s.tls === "implicit" ? "smtps" : "smtp"}://${host}:${s.port}`;
}

/** The phrases that hold an email for review: one per line in the settings form. */
export const ZReviewKeywords = z
  .array(
    z
      .string()
      .trim()
      .min(2, "Each phrase needs at least 2 characters")
      .max(80, "Keep each phrase under 80 characters"),
  )
  .max(200, "At most 200 phrases")
  .transform((list) => [...new Set(list.map((k) => k.toLowerCase()))]);

/** The settings form: a textarea, one phrase per line (blank lines ignored). */
export const ZReviewKeywordsForm = z.object({
  keywords: z
    .string()
    .max(20_000, "The list is too long")
    .transform((v) => v.split(/\r?\n/).filter((l) => l.trim() !== ""))
    .pipe(ZReviewKeywords),
});

/** The classifier labels that always hold a message: one per line, as the classifiers spell them. */
export const ZReviewLabelsForm = z.object({
  labels: z
    .string()
    .max(20_000, "The list is too long")
    .transform((v) => v.split(/\r?\n/).filter((l) => l.trim() !== ""))
    .pipe(
      z
        .array(z.string().trim().min(1).max(80, "Keep each label under 80 characters"))
        .max(200, "At most 200 labels")
        .transform((list) => [...new Set(list)]),
    ),
});

const ZKey = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    "Use 2–63 lowercase letters, digits or dashes, starting with a letter or digit",
  );
const ZName = z.string().trim().min(1, "Enter a name").max(120, "At most 120 characters");
const formInt = (min: number, max: number, fallback: number, unit: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v)) : v),
    z
      .number({ error: `Enter a number of ${unit}` })
      .int("Use a whole number")
      .min(min, `At least ${min}`)
      .max(max, `At most ${max}`)
      .default(fallback),
  );

/** The "Add destination" form with kind = EMAIL: key, name, SMTP fields, retry policy. */
export const ZCreateEmailDestinationForm = z
  .object({
    key: ZKey,
    name: ZName,
    timeoutMs: formInt(100, 30_000, 10_000, "milliseconds"),
    maxAttempts: formInt(1, 20, 6, "attempts"),
    backoffBaseMs: formInt(100, 600_000, 5_000, "milliseconds"),
  })
  .and(ZSmtpSettingsForm)
  .transform(({ key, name, timeoutMs, maxAttempts, backoffBaseMs, ...smtp }) => ({
    key,
    name,
    timeoutMs,
    maxAttempts,
    backoffBaseMs,
    smtp: smtpFromForm(smtp),
  }));

/** The email destination page's SMTP form. */
export const ZUpdateSmtpForm = z
  .object({ destinationKey: ZKey })
  .and(ZSmtpSettingsForm)
  .transform(({ destinationKey, ...smtp }) => ({ destinationKey, smtp: smtpFromForm(smtp) }));

/** "Send test message": to whom. */
export const ZTestEmailInput = z.object({ destinationKey: ZKey, to: ZMailbox });
