import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";
import { getWorkflowVersion } from "@/lib/workflows/data";

type TParams = { id: string; version: string };

export const GET = withApi<undefined, undefined, TParams>(
  { permission: "workflows:view" },
  async ({ params }) => {
    const n = Number(params.version);
    const v = Number.isInteger(n) && n > 0 ? await getWorkflowVersion(params.id, n) : null;
    if (!v) throw new AppError({ code: "NOT_FOUND", message: "No such version" });
    return v;
  },
);
