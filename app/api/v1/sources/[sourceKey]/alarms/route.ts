import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";
import { AppError } from "@/lib/server/errors";
import {
  ZAlarmSettingsInput,
  getAlarmSettings,
  setAlarmSettings,
  type TAlarmSettingsBody,
} from "@/lib/channels/store/source-alarm-settings";

type TParams = { sourceKey: string };
const notFound = () => new AppError({ code: "NOT_FOUND", message: "No such source" });

// The source's alarm settings (quiet source, rejection storm, business hours)
// and who hears about its alarms; managers read, admins write.
export const GET = withApi<undefined, undefined, TParams>(
  { permission: "sources:view" },
  async ({ params }) => {
    const settings = await getAlarmSettings(params.sourceKey);
    if (!settings) throw notFound();
    return settings;
  },
);

export const PUT = withApi<TAlarmSettingsBody, undefined, TParams>(
  { permission: "sources:edit", body: ZAlarmSettingsInput, maxBodyBytes: 16_384 },
  async ({ req, actor, body, params, requestId }) =>
    setAlarmSettings(actor, params.sourceKey, body, { requestId, ip: clientIp(req.headers) }),
);
