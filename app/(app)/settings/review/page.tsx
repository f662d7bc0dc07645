import type { Metadata } from "next";
import { ReviewKeywordsForm } from "@/components/settings/review-keywords-form";
import { PageHeader } from "@/components/ui/page-header";
import { loadReviewKeywordsForPage } from "@/lib/destinations/email/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { saveReviewKeywordsAction } from "./actions";

export const metadata: Metadata = { title: "Draft review" };

export default async function ReviewSettingsPage() {
  await requirePagePermission("settings:edit");
  const keywords = await loadReviewKeywordsForPage();
  return (
    <>
      <PageHeader
        title="Draft review"
        description="Email actions are held as a draft for a person when the inbound text contains one of these phrases, when a workflow marks the message for review or sets an account value threshold, or when the decision's confidence is below the act tier."
      />
      <ReviewKeywordsForm keywords={keywords} action={saveReviewKeywordsAction} />
    </>
  );
}
