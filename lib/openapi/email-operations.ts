import { z } from "zod";
import { ZDate } from "./responses";
import type { TOperation } from "./types";

/**
 * Inbound email (lib/ingest/email): a source's email settings and the IMAP
 * mailbox it polls. Mail itself arrives over SMTP (Baton's listener, when
 * BATON_SMTP_PORT is set) or IMAP, not over this API.
 */

const sourceKey = { sourceKey: "The source's key, e.g. `web-form`" };

const ZMailbox = z.object({
  id: z.string(),
  host: z.string(),
  port: z.int(),
  secure: z.boolean(),
  username: z.string(),
  folder: z.string(),
  pollSeconds: z.int(),
  markSeen: z.boolean(),
  active: z.boolean(),
  uidValidity: z.string().nullable(),
  lastUid: z.int().meta({ description: "The last message committed as an event (UID tracking)" }),
  lastPollAt: ZDate.nullable(),
  lastSuccessAt: ZDate.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: ZDate.nullable(),
  createdAt: ZDate,
  updatedAt: ZDate,
});

export const ZEmailSettings = z.object({
  sourceKey: z.string(),
  acceptsEmail: z.boolean(),
  address: z
    .string()
    .nullable()
    .meta({ description: "`<key>@<BATON_MAIL_DOMAIN>`; null when the SMTP listener is off" }),
  listener: z.object({
    enabled: z.boolean(),
    port: z.int().nullable(),
    domain: z.string().nullable(),
  }),
  mailbox: ZMailbox.nullable().meta({ description: "Never the password" }),
});

const DESCRIPTION =
  "Each email becomes one event: from, to, cc, subject, text (HTML converted), date, " +
  "messageId, inReplyTo, references and attachment names, types and sizes; the " +
  "Message-ID is the idempotency key and the sender's address the identity (`email`), " +
  "a reply keeping the identity of the message it answers.";

export const EMAIL_OPERATIONS: TOperation[] = [
  {
    path: "/api/v1/sources/{sourceKey}/mailbox",
    method: "get",
    operationId: "getSourceEmail",
    tag: "Sources",
    summary: "Get a source's email intake",
    description: `The address to forward mail to, whether the source accepts email, and its IMAP mailbox with the last poll and error (never the password). ${DESCRIPTION}`,
    permission: "sources:view",
    params: sourceKey,
    responses: { 200: { description: "The email settings", schema: "EmailSettings" } },
  },
  {
    path: "/api/v1/sources/{sourceKey}/mailbox",
    method: "put",
    operationId: "setSourceMailbox",
    tag: "Sources",
    summary: "Set the IMAP mailbox a source polls",
    description:
      "Creates or replaces it. The password is required the first time and kept when left " +
      "out; it is stored encrypted (AES-256-GCM) and never answered. A different host, " +
      "port, user or folder starts UID tracking over. Audited as `source.mailbox_set` " +
      "without the password.",
    permission: "sources:edit",
    params: sourceKey,
    body: "MailboxInput",
    responses: { 200: { description: "The email settings as saved", schema: "EmailSettings" } },
  },
  {
    path: "/api/v1/sources/{sourceKey}/mailbox",
    method: "delete",
    operationId: "deleteSourceMailbox",
    tag: "Sources",
    summary: "Stop polling a mailbox",
    description:
      "Removes the mailbox; audited as `source.mailbox_removed`. 404 when there is none.",
    permission: "sources:edit",
    params: sourceKey,
    responses: { 200: { description: "The email settings", schema: "EmailSettings" } },
  },
];
