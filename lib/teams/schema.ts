import { z } from "zod";

/** The teams list's sortable columns and each one's first direction (by name unless sorted). */
export const TEAM_SORTS = {
  name: "asc",
  members: "desc",
  available: "desc",
  load: "desc",
} as const satisfies Record<string, "asc" | "desc">;
export type TTeamSort = keyof typeof TEAM_SORTS;

const ZTeamName = z.string().trim().min(1, "Enter a team name").max(80, "At most 80 characters");

export const ZCreateTeam = z.object({ name: ZTeamName });
export type TCreateTeam = z.infer<typeof ZCreateTeam>;

export const ZUpdateTeam = z.object({ name: ZTeamName });
export type TUpdateTeam = z.infer<typeof ZUpdateTeam>;

/**
 * An admin's change to one member's round-robin ledger row: the adjustment by
 * a `delta` or set to an absolute `adjustment` (not both), and/or the `weight`.
 * A reason is required: the change moves who gets the next lead.
 */
export const ZLedgerAdjust = z
  .object({
    userId: z.string().min(1, "Choose a member"),
    delta: z.coerce
      .number()
      .int("Whole numbers only")
      .min(-100_000)
      .max(100_000)
      .refine((v) => v !== 0, "A delta of 0 changes nothing")
      .optional(),
    adjustment: z.coerce.number().int("Whole numbers only").min(-100_000).max(100_000).optional(),
    weight: z.coerce.number().int("Whole numbers only").min(0, "0 or more").max(100).optional(),
    reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(500),
  })
  .refine((v) => !(v.delta !== undefined && v.adjustment !== undefined), {
    message: "Give either a delta or an absolute adjustment, not both",
    path: ["adjustment"],
  })
  .refine((v) => v.delta !== undefined || v.adjustment !== undefined || v.weight !== undefined, {
    message: "Give a delta, an absolute adjustment or a weight",
    path: ["delta"],
  });
export type TLedgerAdjust = z.infer<typeof ZLedgerAdjust>;
