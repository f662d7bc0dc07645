import { z } from "zod";
import { ZAlarmConfig } from "./alarm-config";

/**
 * The body of PUT /api/v1/sources/{key}/alarms: the whole alarm config
 * (./alarm-config.ts; parts left out take their defaults) and the source's
 * owner, who hears about its CHANNEL_DOWN, SOURCE_QUIET and SOURCE_REJECTING
 * items (null: every manager and admin). No db: the OpenAPI document uses it.
 */
export const ZAlarmSettingsInput = ZAlarmConfig.extend({
  ownerId: z
    .string()
    .min(1)
    .max(64)
    .nullable()
    .default(null)
    .meta({ description: "An active manager's or admin's id; null: managers and admins" }),
});
export type TAlarmSettingsInput = z.input<typeof ZAlarmSettingsInput>;
export type TAlarmSettingsBody = z.output<typeof ZAlarmSettingsInput>;
