import { ZSpotCheckListQuery, type TSpotCheckListQuery } from "@/lib/learning/schema";
import { findClassifierLiveStatus, findSpotChecks } from "@/lib/learning/store/spot-checks";
import { withApi } from "@/lib/server/api";

type TParams = { id: string };

/** The workflow's spot checks of automatic decisions (pending by default), with its live precision. */
export const GET = withApi<undefined, TSpotCheckListQuery, TParams>(
  { permission: "classifier:spot-check", query: ZSpotCheckListQuery },
  async ({ actor, params, query }) => {
    const page = await findSpotChecks(actor, params.id, query);
    const [status] = await findClassifierLiveStatus(actor, params.id);
    return { ...page, status: status ?? null };
  },
);
