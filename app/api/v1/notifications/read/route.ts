import { clientIp } from "@/lib/server/auth/client-ip";
import { markNotificationsRead } from "@/lib/notifications/mutations";
import { ZMarkNotificationsRead } from "@/lib/notifications/schema";
import { withApi } from "@/lib/server/api";

/** Marks some (`ids`) or all (`all: true`) of the caller's notifications read. */
export const POST = withApi(
  { permission: "notifications:own", body: ZMarkNotificationsRead },
  ({ req, actor, body, requestId }) =>
    markNotificationsRead(actor, body, { requestId, ip: clientIp(req.headers) }),
);
