import { withApi } from "@/lib/server/api";
import { testRunWorkflow } from "@/lib/workflows/test-run";
import { ZTestWorkflow } from "@/lib/workflows/schema";

type TParams = { id: string };

/** A POST because it carries a payload; it writes nothing. */
export const POST = withApi<
  { payload: Record<string, unknown>; definition?: Record<string, unknown> },
  undefined,
  TParams
>({ permission: "workflows:edit", body: ZTestWorkflow }, ({ actor, body, params }) =>
  testRunWorkflow(actor, params.id, body),
);
