import { withApi } from "@/lib/server/api";
import { publishWorkflow } from "@/lib/workflows/mutations/publish-workflow";
import { ZPublishWorkflow } from "@/lib/workflows/schema";

type TParams = { id: string };

export const POST = withApi<{ note?: string }, undefined, TParams>(
  { permission: "workflows:edit", body: ZPublishWorkflow },
  async ({ actor, body, params, requestId }) =>
    Response.json(await publishWorkflow(actor, params.id, body, { requestId }), { status: 201 }),
);
