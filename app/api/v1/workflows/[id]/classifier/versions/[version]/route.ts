import { getClassifierVersion } from "@/lib/learning/data";
import { ZVersionParam } from "@/lib/learning/schema";
import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";

type TParams = { id: string; version: string };

/** Evaluate: one version's held-out metrics (accuracy, ECE, reliability, per label, confusions, curve, proposal). */
export const GET = withApi<undefined, undefined, TParams>(
  { permission: "workflows:view" },
  async ({ actor, params }) => {
    const v = ZVersionParam.safeParse(params.version);
    if (!v.success) throw new AppError({ code: "NOT_FOUND", message: "No such version" });
    return getClassifierVersion(actor, params.id, v.data);
  },
);
