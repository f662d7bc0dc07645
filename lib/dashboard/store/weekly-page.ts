import "server-only";
import { db } from "@/lib/server/db";
import { loadWeeklyReview } from "./weekly";

/** The weekly review page's data: the review (null for an unknown workflow) and the workflow picker. */
export async function weeklyReview(tz: string, workflowId?: string) {
  const [review, workflows] = await Promise.all([
    loadWeeklyReview({ tz, workflowId }),
    db.workflow.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { review, workflows };
}
