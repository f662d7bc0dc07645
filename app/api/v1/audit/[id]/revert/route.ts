import { revertAuditEntry } from "@/lib/audit/mutations/revert/revert-entry";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

type TParams = { id: string };

// No body: the entry says what to put back.
export const POST = withApi<undefined, undefined, TParams>(
  { permission: "audit:revert" },
  ({ actor, params, requestId, req }) =>
    revertAuditEntry(actor, params.id, { requestId, ip: clientIp(req.headers) }),
);
