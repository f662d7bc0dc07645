import type { Prisma } from "./generated/sqlite/client";

/**
 * A plain value as a Prisma JSON input. zod-typed objects (Record<string,
 * unknown>) are JSON by construction but do not satisfy Prisma's recursive
 * JSON type; this is the one place that says so.
 */
export function asJson(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
