"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/server/action";
import { createWorkflow } from "@/lib/workflows/mutations/create-workflow";
import { ZCreateWorkflow } from "@/lib/workflows/schema";

export const createWorkflowAction = defineAction(
  { name: "workflows.create", permission: "workflows:edit", input: ZCreateWorkflow },
  async ({ actor, input, requestId, ip }) => {
    const wf = await createWorkflow(actor, input, { requestId, ip });
    revalidatePath("/workflows");
    return { id: wf.id };
  },
);
