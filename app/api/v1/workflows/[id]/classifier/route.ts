import { getClassifierOverview } from "@/lib/learning/data";
import { withApi } from "@/lib/server/api";

type TParams = { id: string };

/** The classifier's settings in force, examples per label and its versions. */
export const GET = withApi<undefined, undefined, TParams>(
  { permission: "workflows:view" },
  async ({ actor, params }) => getClassifierOverview(actor, params.id),
);
