"use server";

import { revalidatePath } from "next/cache";
import { saveReviewKeywords, saveReviewLabels } from "@/lib/destinations/email/mutations";
import { ZReviewKeywordsForm, ZReviewLabelsForm } from "@/lib/destinations/email/schema";
import { defineAction } from "@/lib/server/action";

export const saveReviewKeywordsAction = defineAction(
  { name: "settings.reviewKeywords", permission: "settings:edit", input: ZReviewKeywordsForm },
  async ({ actor, input, ctx }) => {
    const keywords = await saveReviewKeywords(actor, input.keywords, ctx);
    revalidatePath("/settings/review");
    return { count: keywords.length };
  },
);

export const saveReviewLabelsAction = defineAction(
  { name: "settings.reviewLabels", permission: "settings:edit", input: ZReviewLabelsForm },
  async ({ actor, input, ctx }) => {
    const labels = await saveReviewLabels(actor, input.labels, ctx);
    revalidatePath("/settings/review");
    return { count: labels.length };
  },
);
