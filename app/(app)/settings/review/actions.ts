"use server";

import { revalidatePath } from "next/cache";
import { saveReviewKeywords } from "@/lib/destinations/email/mutations";
import { ZReviewKeywordsForm } from "@/lib/destinations/email/schema";
import { defineAction } from "@/lib/server/action";

export const saveReviewKeywordsAction = defineAction(
  { name: "settings.reviewKeywords", permission: "settings:edit", input: ZReviewKeywordsForm },
  async ({ actor, input, ctx }) => {
    const keywords = await saveReviewKeywords(actor, input.keywords, ctx);
    revalidatePath("/settings/review");
    return { count: keywords.length };
  },
);
