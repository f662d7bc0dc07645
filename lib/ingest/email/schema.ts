import { z } from "zod";

const HOST =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV6 = /^[0-9a-f:.]+$/i;

/**
 * PUT /api/v1/sources/{key}/mailbox: the IMAP mailbox a source polls. The
 * password is required when the mailbox is first set and may be left out
 * afterwards (the stored one is kept); it is never answered back.
 */
export const ZMailboxInput = z.strictObject({
  host: z
    .string()
    .trim()
    .toLowerCase()
    .refine((h) => HOST.test(h) || (h.includes(":") && IPV6.test(h)), {
      message: "Enter a host name such as imap.example.com",
    }),
  port: z.number().int().min(1).max(65_535).default(993),
  /** Implicit TLS (993); false: STARTTLS when the server offers it (143). */
  secure: z.boolean().default(true),
  username: z.string().trim().min(1, "Enter the user name").max(320),
  password: z.string().min(1).max(1000).optional(),
  folder: z.string().trim().min(1).max(200).default("INBOX"),
  pollSeconds: z.number().int().min(15, "At least 15 seconds").max(3600).default(60),
  /** Mark each message \Seen once stored (default: leave the mailbox as it is). */
  markSeen: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type TMailboxInput = z.infer<typeof ZMailboxInput>;
