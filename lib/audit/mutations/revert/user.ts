import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { AppError } from "@/lib/server/errors";
import { applyUserUpdate } from "@/lib/users/mutations/update-user";
import { ZUpdateUser } from "@/lib/users/schema";
import { plain } from "./json";
import type { TRevertHandler } from "./types";

/**
 * A user's working settings. Deliberately not `active`: deactivation and
 * reactivation decide who can sign in, so they are never undone as a side
 * effect of a revert (use Reactivate / Deactivate). Never email or password.
 */
const FIELDS = [
  "name",
  "role",
  "teamId",
  "capacity",
  "available",
  "outOfOfficeFrom",
  "outOfOfficeUntil",
] as const;

export const userRevert: TRevertHandler = {
  actions: ["user.updated", "user.role_changed", "user.reverted"],
  fields: FIELDS,
  async read(tx, id) {
    const row = await tx.user.findUnique({
      where: { id },
      select: Object.fromEntries(FIELDS.map((f) => [f, true])) as Record<
        (typeof FIELDS)[number],
        true
      >,
    });
    return row ? (plain(row) as Record<string, unknown>) : null;
  },
  async apply({ tx, actor, entityId, audit }, values) {
    assertCan(actor, "users:edit", "change users");
    // The same checks as an edit: a known team, the OOO window in order, and
    // never demoting the last active admin.
    const parsed = ZUpdateUser.safeParse(values);
    if (!parsed.success) {
      throw new AppError({
        code: "UNPROCESSABLE",
        message: `The earlier values are no longer valid: ${parsed.error.issues[0]?.message}`,
      });
    }
    await applyUserUpdate(tx, actor, entityId, parsed.data, audit);
  },
};
