import type { Metadata } from "next";
import { LineListForm } from "@/components/settings/line-list-form";
import { PageHeader } from "@/components/ui/page-header";
import { loadReviewKeywordsForPage, loadReviewLabelsForPage } from "@/lib/destinations/email/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { saveReviewKeywordsAction, saveReviewLabelsAction } from "./actions";

export const metadata: Metadata = { title: "Draft review" };

export default async function ReviewSettingsPage() {
  await requirePagePermission("settings:edit");
  const [keywords, labels] = await Promise.all([
    loadReviewKeywordsForPage(),
    loadReviewLabelsForPage(),
  ]);
  return (
    <>
      <PageHeader
        title="Draft review"
        description="Email actions are held as a draft for a person when the inbound text contains one of these phrases, when the workflow's classifier gives one of these labels, when a workflow marks the message for review or sets an account value threshold, or when the decision's confidence is below the act tier."
      />
      <div className="space-y-6">
        <LineListForm
          name="keywords"
          title="Complaint and legal language"
          description="One phrase per line, matched as whole words in any case (a plural s is allowed)."
          label="Phrases"
          hint="e.g. refund, lawyer, legal action, chargeback, complaint, cancel my account"
          values={keywords}
          noun={["phrase", "phrases"]}
          action={saveReviewKeywordsAction}
        />
        <LineListForm
          name="labels"
          title="Classifier labels"
          description="A case the workflow's classifier gives one of these labels is always reviewed, whatever its text says. One label per line, in any case."
          label="Labels"
          hint={
            labels.known.length > 0
              ? `Your classifiers' labels: ${labels.known.join(", ")}`
              : "No workflow has a classifier yet."
          }
          values={labels.labels}
          noun={["label", "labels"]}
          rows={6}
          action={saveReviewLabelsAction}
        />
      </div>
    </>
  );
}
