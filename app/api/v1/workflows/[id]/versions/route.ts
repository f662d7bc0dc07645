import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";
import { findWorkflowVersions, getWorkflow } from "@/lib/workflows/data";

type TParams = { id: string };

export const GET = withApi<undefined, undefined, TParams>(
  { permission: "workflows:view" },
  async ({ params }) => {
    const wf = await getWorkflow(params.id);
    if (!wf) throw new AppError({ code: "NOT_FOUND", message: "No such workflow" });
    return {
      publishedVersion: wf.publishedVersion?.version ?? null,
      data: await findWorkflowVersions(params.id),
    };
  },
);
