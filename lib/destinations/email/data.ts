import "server-only";
import { db } from "@/lib/server/db";
import { publicSmtpSettings, type TPublicSmtpSettings } from "./schema";
import { loadReviewKeywords, loadReviewLabels } from "./store/email-store";

/** An email destination's SMTP settings as the admin page shows them (never the password). */
export async function getSmtpSettings(destinationId: string): Promise<TPublicSmtpSettings | null> {
  const d = await db.destination.findUnique({
    where: { id: destinationId },
    select: { kind: true, settings: true },
  });
  return d?.kind === "EMAIL" ? publicSmtpSettings(d.settings) : null;
}

/** The phrases that hold an email for review, for the settings page. */
export function loadReviewKeywordsForPage(): Promise<string[]> {
  return loadReviewKeywords();
}

/** The classifier labels that always hold a message, and every label the workflows' classifiers know. */
export async function loadReviewLabelsForPage(): Promise<{ labels: string[]; known: string[] }> {
  const [labels, workflows] = await Promise.all([
    loadReviewLabels(),
    db.workflow.findMany({ select: { draft: true } }),
  ]);
  const known = new Set<string>();
  for (const w of workflows) {
    const c = (w.draft as { classifier?: { labels?: unknown } | null } | null)?.classifier;
    if (Array.isArray(c?.labels)) for (const l of c.labels) if (typeof l === "string") known.add(l);
  }
  return { labels, known: [...known].sort() };
}
