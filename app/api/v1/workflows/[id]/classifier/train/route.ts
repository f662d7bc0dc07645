import { requestTraining } from "@/lib/learning/mutations/train";
import { withApi } from "@/lib/server/api";

type TParams = { id: string };

/** Starts a training run in the worker: 202 with the new version (status TRAINING). */
export const POST = withApi<undefined, undefined, TParams>(
  { permission: "workflows:edit" },
  async ({ actor, params, ctx }) =>
    Response.json(await requestTraining(actor, params.id, ctx), { status: 202 }),
);
