import { withApi } from "@/lib/server/api";
import { diffWorkflowVersions } from "@/lib/workflows/data";
import { ZDiffQuery, type TDiffSide } from "@/lib/workflows/schema";

type TParams = { id: string };

export const GET = withApi<undefined, { from: TDiffSide; to: TDiffSide }, TParams>(
  { permission: "workflows:view", query: ZDiffQuery },
  ({ params, query }) => diffWorkflowVersions(params.id, query.from, query.to),
);
