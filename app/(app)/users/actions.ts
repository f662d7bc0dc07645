"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/server/action";
import { createUser } from "@/lib/users/mutations/create-user";
import { updateUser } from "@/lib/users/mutations/update-user";
import { resetUserPassword } from "@/lib/users/mutations/reset-user-password";
import { ZCreateUser, ZResetPassword, ZRole, ZUpdateUser } from "@/lib/users/schema";

const ZUserId = z.object({ userId: z.string().min(1) });

export const changeRoleAction = defineAction(
  { name: "users.changeRole", permission: "users:edit", input: ZUserId.extend({ role: ZRole }) },
  async ({ actor, input, requestId, ip }) => {
    const user = await updateUser(actor, input.userId, { role: input.role }, { requestId, ip });
    revalidatePath("/users");
    return { id: user.id, role: user.role };
  },
);

export const setActiveAction = defineAction(
  {
    name: "users.setActive",
    permission: "users:edit",
    input: ZUserId.extend({
      active: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]),
    }),
  },
  async ({ actor, input, requestId, ip }) => {
    const user = await updateUser(actor, input.userId, { active: input.active }, { requestId, ip });
    revalidatePath("/users");
    return { id: user.id, active: user.active };
  },
);

export const createUserAction = defineAction(
  { name: "users.create", permission: "users:edit", input: ZCreateUser },
  async ({ actor, input, requestId, ip }) => {
    const user = await createUser(actor, input, { requestId, ip });
    revalidatePath("/users");
    return { id: user.id, email: user.email };
  },
);

export const updateUserAction = defineAction(
  { name: "users.update", permission: "users:edit", input: ZUserId.and(ZUpdateUser) },
  async ({ actor, input, requestId, ip }) => {
    const { userId, ...patch } = input;
    const user = await updateUser(actor, userId, patch, { requestId, ip });
    revalidatePath("/users");
    return { id: user.id };
  },
);

export const resetPasswordAction = defineAction(
  { name: "users.resetPassword", permission: "users:edit", input: ZUserId.and(ZResetPassword) },
  async ({ actor, input, requestId, ip }) => {
    const { userId, password } = input;
    const res = await resetUserPassword(actor, userId, { password }, { requestId, ip });
    revalidatePath("/users");
    return res;
  },
);
