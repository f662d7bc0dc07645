import type { z } from "zod";
import { setExampleExcluded } from "@/lib/learning/mutations/examples";
import { ZExcludeExample } from "@/lib/learning/schema";
import { withApi } from "@/lib/server/api";

type TParams = { id: string; exampleId: string };

/** Excludes a labelled example from training (a wrong label; `reason` required) or includes it again. */
export const PATCH = withApi<z.output<typeof ZExcludeExample>, undefined, TParams>(
  { permission: "workflows:edit", body: ZExcludeExample },
  async ({ actor, params, body, ctx }) =>
    setExampleExcluded(actor, params.exampleId, body, ctx, params.id),
);
