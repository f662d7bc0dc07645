import { decideSpotCheck } from "@/lib/learning/mutations/spot-checks";
import { ZSpotCheckVerdict, type TSpotCheckVerdict } from "@/lib/learning/schema";
import { withApi } from "@/lib/server/api";

type TParams = { id: string; checkId: string };

/** A reviewer's verdict: the model's label was right, or the right one is `label`. */
export const POST = withApi<TSpotCheckVerdict, undefined, TParams>(
  { permission: "classifier:spot-check", body: ZSpotCheckVerdict },
  async ({ actor, params, body, ctx }) =>
    decideSpotCheck(actor, params.checkId, body, ctx, params.id),
);
