import "server-only";
import { db } from "@/lib/server/db";
import { publicSmtpSettings, type TPublicSmtpSettings } from "./schema";
import { loadReviewKeywords } from "./store/email-store";

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
