import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";
import { resetUserPassword } from "@/lib/users/mutations/reset-user-password";
import { ZResetPassword, type TResetPassword } from "@/lib/users/schema";

type TParams = { id: string };

/** An admin's password reset: a temporary password, changed by the user at their next sign-in. */
export const POST = withApi<TResetPassword, undefined, TParams>(
  { permission: "users:edit", body: ZResetPassword },
  ({ req, actor, body, params, requestId }) =>
    resetUserPassword(actor, params.id, body, { requestId, ip: clientIp(req.headers) }),
);
