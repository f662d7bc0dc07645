import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { hashPassword } from "@/lib/server/auth/password";
import { assertPasswordAllowed } from "@/lib/server/auth/password-policy";
import { assertCan } from "@/lib/server/auth/permissions";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { TRequestCtx } from "@/lib/server/request-context";
import { userSelect } from "../data";
import type { TCreateUser } from "../schema";
import { assertTeamExists } from "./team-exists";

/**
 * Creates a user (admin only, checked here too). The initial password must
 * pass the password policy (field error on `password`). Audited as `user.created`.
 */
export async function createUser(actor: TActor, input: TCreateUser, ctx: TRequestCtx = {}) {
  assertCan(actor, "users:edit", "change users");
  await assertTeamExists(db, input.teamId);
  const existing = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true },
  });
  if (existing) {
    throw new AppError({
      code: "CONFLICT",
      message: "A user with this email already exists",
      details: { errors: { email: ["A user with this email already exists"] } },
    });
  }
  await assertPasswordAllowed(input.password, input, "password");
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email: input.email,
        name: input.name,
        role: input.role,
        teamId: input.teamId,
        capacity: input.capacity,
        passwordHash,
      },
      select: userSelect,
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "user.created",
      entityType: "user",
      entityId: user.id,
      after: { email: user.email, name: user.name, role: user.role, teamId: user.teamId },
      ...ctx,
    });
    return user;
  });
}
