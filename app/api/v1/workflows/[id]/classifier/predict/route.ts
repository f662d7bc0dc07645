import type { z } from "zod";
import { predictForWorkflow } from "@/lib/learning/data";
import { ZPredictRequest } from "@/lib/learning/schema";
import { withApi } from "@/lib/server/api";

type TParams = { id: string };

/** What the active version says about one event body or text: label, confidence, top labels, why, tier. */
export const POST = withApi<z.output<typeof ZPredictRequest>, undefined, TParams>(
  { permission: "workflows:view", body: ZPredictRequest },
  async ({ actor, params, body }) => predictForWorkflow(actor, params.id, body),
);
