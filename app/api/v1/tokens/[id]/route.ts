import { revokeApiToken } from "@/lib/api-tokens/mutations";
import { withApi } from "@/lib/server/api";

export const DELETE = withApi<undefined, undefined, { id: string }>(
  { permission: "tokens:own" },
  ({ actor, params, requestId }) => revokeApiToken(actor, params.id, { requestId }),
);
