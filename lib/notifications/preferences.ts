import { z } from "zod";
import { NOTIFICATION_KINDS, type TNotificationKind } from "./schema";

/**
 * What one person also gets by email. Every notification is in the app; by
 * default the ones that need them soon are emailed too (work given to them,
 * an SLA about to breach, a destination failing, dead letters piling up, an
 * action failing after their decision), and "exception opened" is not (a busy
 * queue would flood the mailbox). The digest is opt-in.
 */
export type TNotificationPreferences = {
  emailKinds: TNotificationKind[];
  digest: boolean;
  /** 0–23, UTC. */
  digestHour: number;
};

export const DEFAULT_EMAIL_KINDS: readonly TNotificationKind[] = [
  "assigned",
  "sla_soon",
  "circuit_open",
  "dead_letters",
  "action_failed",
  "classifier_drift",
];

export const DEFAULT_PREFERENCES: TNotificationPreferences = {
  emailKinds: [...DEFAULT_EMAIL_KINDS],
  digest: false,
  digestHour: 8,
};

/** The kinds only managers and admins are sent: an agent's form does not offer them. */
export const STAFF_KINDS: readonly TNotificationKind[] = [
  "circuit_open",
  "dead_letters",
  "classifier_drift",
];

/** A stored row (or none) as preferences; unknown kinds in an old row are dropped. */
export function preferencesOf(
  row: { emailKinds: unknown; digest: boolean; digestHour: number } | null,
): TNotificationPreferences {
  if (!row) return { ...DEFAULT_PREFERENCES, emailKinds: [...DEFAULT_EMAIL_KINDS] };
  const kinds = Array.isArray(row.emailKinds) ? row.emailKinds : [];
  return {
    emailKinds: NOTIFICATION_KINDS.filter((k) => kinds.includes(k)),
    digest: row.digest,
    digestHour: row.digestHour,
  };
}

/** The preferences form: one checkbox per kind (`email.<kind>`), the digest and its hour. */
export const ZPreferencesForm = z
  .object({
    digest: z.literal("on").optional(),
    digestHour: z.coerce
      .number({ error: "Choose an hour" })
      .int("Choose an hour")
      .min(0, "Choose an hour from 0 to 23")
      .max(23, "Choose an hour from 0 to 23"),
  })
  .catchall(z.unknown())
  .transform((v): TNotificationPreferences => ({
    emailKinds: NOTIFICATION_KINDS.filter((k) => v[`email.${k}`] === "on"),
    digest: v.digest === "on",
    digestHour: v.digestHour,
  }));

/** `PUT /api/v1/me/notification-preferences`. */
export const ZPreferencesInput = z.strictObject({
  emailKinds: z.array(z.enum(NOTIFICATION_KINDS, { error: "not a notification kind" })).max(20),
  digest: z.boolean(),
  digestHour: z.number().int().min(0, "0 to 23").max(23, "0 to 23"),
});

/** The notification sender: an email destination's key, or none (no notification is emailed). */
export const ZSenderForm = z.object({
  destinationKey: z
    .string()
    .trim()
    .max(63)
    .transform((v) => (v === "" ? null : v)),
});
