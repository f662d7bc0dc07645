import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";
import { getWorkflow } from "@/lib/workflows/data";
import { saveDraft } from "@/lib/workflows/mutations/save-draft";
import { ZSaveDraft, type TSaveDraft } from "@/lib/workflows/schema";

type TParams = { id: string };

export const GET = withApi<undefined, undefined, TParams>(
  { permission: "workflows:view" },
  async ({ params }) => {
    const wf = await getWorkflow(params.id);
    if (!wf) throw new AppError({ code: "NOT_FOUND", message: "No such workflow" });
    return wf;
  },
);

/** Saves the draft (and name, description, owner, active); publishing is its own call. */
export const PATCH = withApi<TSaveDraft, undefined, TParams>(
  { permission: "workflows:edit", body: ZSaveDraft },
  async ({ actor, body, params, requestId }) => {
    await saveDraft(actor, params.id, body, { requestId });
    return (await getWorkflow(params.id)) as object;
  },
);
