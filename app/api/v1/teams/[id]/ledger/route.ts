import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";
import { adjustLedger } from "@/lib/teams/mutations";
import { ZLedgerAdjust } from "@/lib/teams/schema";

type TParams = { id: string };

export const POST = withApi<typeof ZLedgerAdjust._output, undefined, TParams>(
  { permission: "users:edit", body: ZLedgerAdjust },
  ({ actor, body, params, requestId, req }) =>
    adjustLedger(actor, params.id, body, { requestId, ip: clientIp(req.headers) }),
);
