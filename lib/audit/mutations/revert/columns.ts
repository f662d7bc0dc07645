import "server-only";
import type { z } from "zod";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor } from "@/lib/server/auth/actor";
import { AppError } from "@/lib/server/errors";
import { Prisma } from "@/lib/server/generated/sqlite/client";
import { sameJson } from "./json";
import type { TRevertApply } from "./types";

/**
 * Validates the earlier values against the entity's column types and turns
 * them into a Prisma `data` object: a JSON column set to null is `DbNull`
 * (SQL NULL), as a never-set column is.
 */
export function columnData(
  schema: z.ZodType<Record<string, unknown>>,
  values: Record<string, unknown>,
  jsonFields: readonly string[],
) {
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError({
      code: "UNPROCESSABLE",
      message: `The earlier value of ${issue?.path.join(".") || "a field"} is not valid any more: ${issue?.message}`,
    });
  }
  return Object.fromEntries(
    Object.entries(parsed.data).map(([k, v]) => [
      k,
      jsonFields.includes(k) && v === null ? Prisma.DbNull : v,
    ]),
  );
}

/** The revert's own audit entry: the fields it changed, from what they were to what they are now. */
export async function auditColumnRevert(
  { tx, actor, entityId, audit }: TRevertApply,
  entityType: string,
  current: Record<string, unknown>,
  values: Record<string, unknown>,
) {
  const keys = Object.keys(values).filter((k) => !sameJson(current[k], values[k]));
  await recordAudit(tx, {
    actor: auditActor(actor),
    entityType,
    entityId,
    before: Object.fromEntries(keys.map((k) => [k, current[k]])),
    after: Object.fromEntries(keys.map((k) => [k, values[k]])),
    ...audit,
  });
}
