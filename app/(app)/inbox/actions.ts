"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actOnHandoff } from "@/lib/handoffs/mutations/act-on-handoff";
import { ZHandoffAction } from "@/lib/handoffs/schema";
import { defineAction } from "@/lib/server/action";

const ZActOnHandoff = z.object({ handoffId: z.string().trim().min(1).max(64) }).and(ZHandoffAction);

/**
 * Accept, record an outcome, hand back or ask a manager — the same mutation
 * the REST API calls, at the version the page rendered (409 CONFLICT when
 * someone changed the handoff meanwhile).
 */
export const actOnHandoffAction = defineAction(
  { name: "handoffs.act", permission: "handoffs:act", input: ZActOnHandoff },
  async ({ actor, input, requestId, ip }) => {
    const result = await actOnHandoff(actor, input.handoffId, input, { requestId, ip });
    revalidatePath("/inbox");
    revalidatePath("/handoffs");
    return {
      id: input.handoffId,
      state: result.handoff?.state ?? null,
      version: result.handoff?.version ?? null,
      exceptionId: result.exceptionId,
    };
  },
);
