import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { z } from "zod";
import { forgetIngestSource } from "@/lib/ingest/source-cache";
import { AppError } from "@/lib/server/errors";
import { auditColumnRevert, columnData } from "./columns";
import { plain } from "./json";
import type { TRevertHandler } from "./types";

/** A source's plain configuration. Never its signing secrets or rotation state. */
const FIELDS = [
  "name",
  "description",
  "contract",
  "identityMapping",
  "fieldMapping",
  "maxBodyBytes",
  "active",
  "acceptsEmail",
] as const;
const JSON_FIELDS = ["contract", "identityMapping", "fieldMapping"];

const ZValues = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(2000).nullable(),
    contract: z.unknown(),
    identityMapping: z.unknown(),
    fieldMapping: z.unknown(),
    maxBodyBytes: z.int().positive(),
    active: z.boolean(),
    acceptsEmail: z.boolean(),
  })
  .partial();

const select = Object.fromEntries(FIELDS.map((f) => [f, true])) as Record<
  (typeof FIELDS)[number],
  true
>;

export const sourceRevert: TRevertHandler = {
  actions: ["source.updated", "source.reverted"],
  fields: FIELDS,
  async read(tx, id) {
    const row = await tx.source.findUnique({ where: { id }, select });
    return row ? (plain(row) as Record<string, unknown>) : null;
  },
  async apply(ctx, values) {
    assertCan(ctx.actor, "sources:edit", "change sources");
    const current = await this.read(ctx.tx, ctx.entityId);
    if (!current) throw new AppError({ code: "NOT_FOUND", message: "The source no longer exists" });
    const { key } = await ctx.tx.source.update({
      where: { id: ctx.entityId },
      data: columnData(ZValues, values, JSON_FIELDS),
      select: { key: true },
    });
    await auditColumnRevert(ctx, "source", current, values);
    // Ingest caches sources for a few seconds: the reverted config applies at once.
    return () => forgetIngestSource(key);
  },
};
