import { loadMyNotificationSettings } from "@/lib/notifications/data";
import { saveNotificationPreferences } from "@/lib/notifications/mutations";
import { ZPreferencesInput } from "@/lib/notifications/preferences";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

/** The caller's email notification settings. */
export const GET = withApi({ permission: "notifications:own" }, async ({ actor }) => {
  const { preferences, emailOn } = await loadMyNotificationSettings(actor);
  return { ...preferences, emailOn };
});

/** Replaces the caller's email notification settings (audited). */
export const PUT = withApi(
  { permission: "notifications:own", body: ZPreferencesInput },
  async ({ req, actor, body, requestId }) => {
    const saved = await saveNotificationPreferences(actor, body, {
      requestId,
      ip: clientIp(req.headers),
    });
    const { emailOn } = await loadMyNotificationSettings(actor);
    return { ...saved, emailOn };
  },
);
