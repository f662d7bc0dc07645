import { withApi } from "@/lib/server/api";
import { backtestWorkflow } from "@/lib/workflows/backtest";
import { ZBacktestWorkflow } from "@/lib/workflows/schema";

type TParams = { id: string };

/** A POST because it may carry a definition; it writes nothing. */
export const POST = withApi<
  { days: number; definition?: Record<string, unknown> },
  undefined,
  TParams
>({ permission: "workflows:edit", body: ZBacktestWorkflow }, ({ actor, body, params }) =>
  backtestWorkflow(actor, params.id, body),
);
