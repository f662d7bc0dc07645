import "server-only";
import { db } from "@/lib/server/db";

/** Workflows with their trigger source and published version. */
export async function findWorkflows() {
  return db.workflow.findMany({
    select: {
      id: true,
      key: true,
      name: true,
      description: true,
      active: true,
      updatedAt: true,
      source: { select: { key: true, name: true } },
      owner: { select: { name: true } },
      publishedVersion: { select: { version: true, publishedAt: true } },
      _count: { select: { versions: true } },
    },
    orderBy: { name: "asc" },
  });
}
