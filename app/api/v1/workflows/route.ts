import { zSortQuery } from "@/lib/server/sort-query";
import { withApi } from "@/lib/server/api";
import { findWorkflows } from "@/lib/workflows/data";
import { createWorkflow } from "@/lib/workflows/mutations/create-workflow";
import { ZCreateWorkflow, WORKFLOW_SORTS } from "@/lib/workflows/schema";

export const GET = withApi(
  { permission: "workflows:view", query: zSortQuery(WORKFLOW_SORTS) },
  async ({ query }) => ({ data: await findWorkflows(query) }),
);

export const POST = withApi(
  { permission: "workflows:edit", body: ZCreateWorkflow },
  async ({ actor, body, requestId }) =>
    Response.json(await createWorkflow(actor, body, { requestId }), { status: 201 }),
);
