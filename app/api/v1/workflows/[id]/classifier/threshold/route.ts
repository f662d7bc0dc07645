import type { z } from "zod";
import { proposeThreshold } from "@/lib/learning/mutations/propose-threshold";
import { ZThresholdRequest } from "@/lib/learning/schema";
import { withApi } from "@/lib/server/api";
import { saveDraft } from "@/lib/workflows/mutations/save-draft";

type TParams = { id: string };

/**
 * The threshold for a target precision from held-out history, written into
 * the workflow's draft (publish it, with its backtest, to put it in force).
 */
export const POST = withApi<z.output<typeof ZThresholdRequest>, undefined, TParams>(
  { permission: "workflows:edit", body: ZThresholdRequest },
  async ({ actor, params, body, ctx }) =>
    proposeThreshold(
      actor,
      params.id,
      body,
      (definition) =>
        saveDraft(
          actor,
          params.id,
          { definition: definition as Parameters<typeof saveDraft>[2]["definition"] },
          ctx,
        ),
      ctx,
    ),
);
