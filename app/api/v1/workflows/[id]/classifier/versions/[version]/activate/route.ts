import { activateVersion } from "@/lib/learning/mutations/train";
import { ZVersionParam } from "@/lib/learning/schema";
import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";

type TParams = { id: string; version: string };

/** Makes this version the one the engine predicts with (a rollback to an earlier one). */
export const POST = withApi<undefined, undefined, TParams>(
  { permission: "workflows:edit" },
  async ({ actor, params, ctx }) => {
    const v = ZVersionParam.safeParse(params.version);
    if (!v.success) throw new AppError({ code: "NOT_FOUND", message: "No such version" });
    return activateVersion(actor, params.id, v.data, ctx);
  },
);
