import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { z } from "zod";
import { ZDestinationUrl } from "@/lib/destinations/schema";
import { AppError } from "@/lib/server/errors";
import { auditColumnRevert, columnData } from "./columns";
import { plain } from "./json";
import type { TRevertHandler } from "./types";

/** A destination's plain configuration. Never its signing secret or circuit state. */
const FIELDS = ["name", "url", "timeoutMs", "maxAttempts", "backoffBaseMs", "active"] as const;

const ZValues = z
  .object({
    name: z.string().trim().min(1).max(120),
    // The same URL rule as create/update: a revert must not restore an internal address.
    url: ZDestinationUrl,
    timeoutMs: z.int().positive(),
    maxAttempts: z.int().positive(),
    backoffBaseMs: z.int().min(0),
    active: z.boolean(),
  })
  .partial();

const select = Object.fromEntries(FIELDS.map((f) => [f, true])) as Record<
  (typeof FIELDS)[number],
  true
>;

export const destinationRevert: TRevertHandler = {
  actions: ["destination.updated", "destination.reverted"],
  fields: FIELDS,
  async read(tx, id) {
    const row = await tx.destination.findUnique({ where: { id }, select });
    return row ? (plain(row) as Record<string, unknown>) : null;
  },
  async apply(ctx, values) {
    assertCan(ctx.actor, "destinations:edit", "change destinations");
    const current = await this.read(ctx.tx, ctx.entityId);
    if (!current) {
      throw new AppError({ code: "NOT_FOUND", message: "The destination no longer exists" });
    }
    await ctx.tx.destination.update({
      where: { id: ctx.entityId },
      data: columnData(ZValues, values, []),
    });
    await auditColumnRevert(ctx, "destination", current, values);
  },
};
