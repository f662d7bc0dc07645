import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";
import { checkSourceContract, getSourceByKey } from "@/lib/sources/data";
import { ZContractCheck, type TContractCheck } from "@/lib/sources/schema";

// Read-only, but part of editing a contract: admins only, like the save.
export const POST = withApi<TContractCheck, undefined, { sourceKey: string }>(
  { permission: "sources:edit", body: ZContractCheck },
  async ({ body, params }) => {
    const source = await getSourceByKey(params.sourceKey);
    if (!source) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
    return checkSourceContract(source, body.contract, body.limit);
  },
);
