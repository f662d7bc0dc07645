"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { decideSpotCheck, resumeAutoActing } from "@/lib/learning/mutations/spot-checks";
import { ZResumeAutoActing, ZSpotCheckVerdict } from "@/lib/learning/schema";
import { defineAction } from "@/lib/server/action";

export const decideSpotCheckAction = defineAction(
  {
    name: "spot_check.decide",
    permission: "classifier:spot-check",
    input: z.object({ id: z.string().min(1).max(64), verdict: ZSpotCheckVerdict }),
  },
  async ({ actor, input, ctx }) => {
    const res = await decideSpotCheck(actor, input.id, input.verdict, ctx);
    revalidatePath("/spot-checks");
    return res;
  },
);

export const resumeAutoActingAction = defineAction(
  {
    name: "classifier.resume",
    permission: "workflows:edit",
    input: ZResumeAutoActing.extend({ workflowId: z.string().min(1).max(64) }),
  },
  async ({ actor, input, ctx }) => {
    const res = await resumeAutoActing(actor, input.workflowId, { note: input.note }, ctx);
    revalidatePath("/spot-checks");
    return res;
  },
);
