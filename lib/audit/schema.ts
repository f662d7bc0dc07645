import { z } from "zod";
import { ZSaneDate } from "@/lib/server/date-range";

const ZOptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

const ZOptionalDate = z
  .union([z.literal(""), ZSaneDate()])
  .optional()
  .transform((v) => (v === "" ? undefined : v));

/** The audit page's sortable columns and each one's first direction (newest first by default). */
export const AUDIT_SORTS = {
  when: "desc",
  actor: "asc",
  action: "asc",
  entity: "asc",
} as const satisfies Record<string, "asc" | "desc">;
export type TAuditSort = keyof typeof AUDIT_SORTS;

/** Filters shared by the audit page and `GET /api/v1/audit`. */
export const ZAuditFilter = z.object({
  actor: ZOptionalText(200).meta({
    description: "`system`, a user id, or an email (the actor's label at the time)",
  }),
  entityType: ZOptionalText(60),
  entityId: ZOptionalText(200),
  action: ZOptionalText(100).meta({ description: "Action prefix, e.g. `user.` or `team.updated`" }),
  from: ZOptionalDate,
  to: ZOptionalDate,
});
export type TAuditFilter = z.output<typeof ZAuditFilter>;

/** The REST list: cursor pagination, newest first. */
export const ZAuditListQuery = ZAuditFilter.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).refine((q) => !q.from || !q.to || q.from <= q.to, {
  message: "`to` must not be before `from`",
  path: ["to"],
});
export type TAuditListQuery = z.output<typeof ZAuditListQuery>;
