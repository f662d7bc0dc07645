"use server";

import { revalidatePath } from "next/cache";
import { saveNotificationSender } from "@/lib/notifications/mutations";
import { ZSenderForm } from "@/lib/notifications/preferences";
import { defineAction } from "@/lib/server/action";

export const saveNotificationSenderAction = defineAction(
  { name: "settings.notificationSender", permission: "settings:edit", input: ZSenderForm },
  async ({ actor, input, ctx }) => {
    const { destinationId } = await saveNotificationSender(actor, input.destinationKey, ctx);
    revalidatePath("/settings/notifications");
    return {
      saved: destinationId
        ? "Saved: notifications are emailed through this destination."
        : "Saved: notifications stay in the app.",
    };
  },
);
