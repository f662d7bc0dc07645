"use server";

import { defineAction } from "@/lib/server/action";
import { changeOwnPassword } from "@/lib/users/mutations/change-own-password";
import { ZChangePassword } from "@/lib/users/schema";

// The one action a user who must change their password may run.
export const changePasswordAction = defineAction(
  {
    name: "account.changePassword",
    permission: "account:password",
    input: ZChangePassword,
    allowPasswordChange: true,
  },
  async ({ actor, input, requestId, ip }) => {
    const { sessionsEnded } = await changeOwnPassword(actor, input, { requestId, ip });
    return { sessionsEnded };
  },
);
