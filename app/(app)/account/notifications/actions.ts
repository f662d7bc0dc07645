"use server";

import { revalidatePath } from "next/cache";
import { saveNotificationPreferences } from "@/lib/notifications/mutations";
import { ZPreferencesForm } from "@/lib/notifications/preferences";
import { defineAction } from "@/lib/server/action";

export const saveNotificationPreferencesAction = defineAction(
  { name: "notifications.preferences", permission: "notifications:own", input: ZPreferencesForm },
  async ({ actor, input, ctx }) => {
    const saved = await saveNotificationPreferences(actor, input, ctx);
    revalidatePath("/account/notifications");
    const n = saved.emailKinds.length;
    return {
      saved: `Saved: ${n === 0 ? "no notifications" : `${n} ${n === 1 ? "kind" : "kinds"}`} by email, ${
        saved.digest
          ? `a daily digest at ${String(saved.digestHour).padStart(2, "0")}:00 UTC`
          : "no digest"
      }.`,
    };
  },
);
