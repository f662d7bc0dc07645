import { z } from "zod";

/** What a notification is about; the UI picks its icon and wording by kind. */
export const NOTIFICATION_KINDS = [
  "exception_opened",
  "sla_soon",
  "circuit_open",
  "dead_letters",
  "assigned",
  /** Something you replayed or approved failed at its action afterwards. */
  "action_failed",
  /** A workflow's classifier fell below its precision target and stopped acting alone. */
  "classifier_drift",
] as const;

export type TNotificationKind = (typeof NOTIFICATION_KINDS)[number];

const ZQueryBool = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

/** `GET /api/v1/notifications`: newest first, cursor pagination. */
export const ZNotificationListQuery = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,15}\.[\w-]{1,64}$/, "must be the nextCursor of a previous page")
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  unread: ZQueryBool.optional(),
});

export type TNotificationListQuery = z.output<typeof ZNotificationListQuery>;

/** `POST /api/v1/notifications/read`: some of the caller's notifications, or all of them. */
export const ZMarkNotificationsRead = z.union(
  [
    z.strictObject({
      ids: z
        .array(z.string().min(1).max(64))
        .min(1, "name at least one notification")
        .max(500, "at most 500 at a time"),
    }),
    z.strictObject({ all: z.literal(true, "must be true") }),
  ],
  { error: "send { ids: [...] } or { all: true }" },
);

export type TMarkNotificationsRead = z.output<typeof ZMarkNotificationsRead>;
