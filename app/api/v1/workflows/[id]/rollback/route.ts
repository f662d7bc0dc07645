import { withApi } from "@/lib/server/api";
import { rollbackWorkflow } from "@/lib/workflows/mutations/rollback-workflow";
import { ZRollbackWorkflow } from "@/lib/workflows/schema";

type TParams = { id: string };

export const POST = withApi<{ version: number; note?: string }, undefined, TParams>(
  { permission: "workflows:edit", body: ZRollbackWorkflow },
  async ({ actor, body, params, requestId }) =>
    Response.json(await rollbackWorkflow(actor, params.id, body, { requestId }), { status: 201 }),
);
