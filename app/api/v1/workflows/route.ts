import { withApi } from "@/lib/server/api";
import { findWorkflows } from "@/lib/workflows/data";
import { createWorkflow } from "@/lib/workflows/mutations/create-workflow";
import { ZCreateWorkflow } from "@/lib/workflows/schema";

export const GET = withApi({ permission: "workflows:view" }, async () => ({
  data: await findWorkflows(),
}));

export const POST = withApi(
  { permission: "workflows:edit", body: ZCreateWorkflow },
  async ({ actor, body, requestId }) =>
    Response.json(await createWorkflow(actor, body, { requestId }), { status: 201 }),
);
