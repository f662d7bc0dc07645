import type { TActor } from "@/lib/server/auth/actor";
import { can } from "@/lib/server/auth/permissions";
import { AppError } from "@/lib/server/errors";

/**
 * Held deliveries are for admins: listing shows what strangers posted, and
 * releasing turns a suspected bot's post into an event. Checked in the
 * domain, so a caller that forgot the route's check still cannot act.
 */
export function assertCanManageHeld(actor: TActor): void {
  if (!can(actor, "sources:held")) {
    throw new AppError({
      code: "FORBIDDEN",
      message: `Your role (${actor.role}) may not see or act on held deliveries`,
    });
  }
}
