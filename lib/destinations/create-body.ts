import { z } from "zod";
import { ZSmtpSettingsInput } from "./email/schema";
import { ZCreateRecordDestination } from "./record/schema";
import {
  BACKOFF_BASE_MS,
  MAX_ATTEMPTS,
  TIMEOUT_MS,
  ZBackoffBaseMs,
  ZCreateDestination,
  ZDestinationKey,
  ZMaxAttempts,
  ZName,
  ZTimeoutMs,
} from "./schema";

const retry = {
  timeoutMs: ZTimeoutMs.default(TIMEOUT_MS.default),
  maxAttempts: ZMaxAttempts.default(MAX_ATTEMPTS.default),
  backoffBaseMs: ZBackoffBaseMs.default(BACKOFF_BASE_MS.default),
};

/** `POST /api/v1/destinations` with kind EMAIL: the SMTP server that sends email actions. */
export const ZCreateEmailDestinationBody = z.strictObject({
  kind: z.literal("EMAIL"),
  key: ZDestinationKey,
  name: ZName,
  smtp: ZSmtpSettingsInput,
  ...retry,
});

/** `POST /api/v1/destinations` with kind RECORD: a system of record (CRM, helpdesk). */
export const ZCreateRecordDestinationBody = z.strictObject({
  ...ZCreateRecordDestination.shape,
  kind: z.literal("RECORD"),
  reconcileEnabled: z.boolean().default(false),
});

/** The webhook body as before, with its kind (optional: a body without one is a webhook). */
export const ZCreateWebhookDestinationBody = z.strictObject({
  ...ZCreateDestination.shape,
  kind: z.literal("WEBHOOK"),
});

/**
 * `POST /api/v1/destinations`: a signed webhook (the default, as before), an
 * SMTP server (EMAIL) or a system of record (RECORD), chosen by `kind`.
 */
export const ZCreateAnyDestination = z.preprocess(
  (v) =>
    v && typeof v === "object" && !Array.isArray(v) && !("kind" in v)
      ? { ...v, kind: "WEBHOOK" }
      : v,
  z.discriminatedUnion(
    "kind",
    [ZCreateWebhookDestinationBody, ZCreateEmailDestinationBody, ZCreateRecordDestinationBody],
    { error: "kind must be WEBHOOK, EMAIL or RECORD" },
  ),
);
export type TCreateAnyDestination = z.infer<typeof ZCreateAnyDestination>;
