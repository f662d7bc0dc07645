import { planBulk, runBulk } from "@/lib/exceptions/mutations/bulk";
import { ZBulkRequest } from "@/lib/exceptions/schema";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

/** A bulk action: `dryRun: true` answers the plan without writing; otherwise runs it. */
export const POST = withApi(
  { permission: "exceptions:bulk", body: ZBulkRequest },
  ({ actor, body, req, requestId }) => {
    const { dryRun, ...input } = body;
    return dryRun
      ? planBulk(actor, input)
      : runBulk(actor, input, { requestId, ip: clientIp(req.headers) });
  },
);
