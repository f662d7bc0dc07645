"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revertAuditEntry } from "@/lib/audit/mutations/revert/revert-entry";
import { defineAction } from "@/lib/server/action";

export const revertAuditEntryAction = defineAction(
  {
    name: "audit.revert",
    permission: "audit:revert",
    input: z.object({ entryId: z.string().min(1) }),
  },
  async ({ actor, input, requestId, ip }) => {
    const res = await revertAuditEntry(actor, input.entryId, { requestId, ip });
    revalidatePath("/audit");
    return res;
  },
);
