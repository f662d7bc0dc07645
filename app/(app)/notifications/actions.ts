"use server";

import { revalidatePath } from "next/cache";
import { markNotificationsRead } from "@/lib/notifications/mutations";
import { ZMarkNotificationsRead } from "@/lib/notifications/schema";
import { defineAction } from "@/lib/server/action";

export const markNotificationsReadAction = defineAction(
  { name: "notifications.read", permission: "notifications:own", input: ZMarkNotificationsRead },
  async ({ actor, input, requestId, ip }) => {
    const res = await markNotificationsRead(actor, input, { requestId, ip });
    revalidatePath("/notifications");
    return res;
  },
);
