import { z } from "zod";
import { ZBusinessHours } from "@/lib/workflow-definition/schema";
import type { TQuietSettings } from "./quiet/model";

/**
 * A source's alarm settings (Source.alarmConfig; null: the defaults). Quiet:
 * learned from the source's history (the default), an explicit minimum
 * ("at least 1 event per 2 hours"), or off; sensitivity of the learned rule.
 * Rejecting: the rejection-storm alarm on or off. Business hours: outside
 * them no quiet alarm is raised, and "3 hours" means 3 open hours.
 */
export const ZAlarmConfig = z
  .object({
    quiet: z
      .object({
        mode: z.enum(["learned", "minimum", "off"]).default("learned"),
        sensitivity: z.enum(["low", "normal", "high"]).default("normal"),
        minimum: z
          .object({
            events: z.number().int().min(1, "At least 1 event").max(100_000),
            hours: z
              .number()
              .int()
              .min(1, "At least 1 hour")
              .max(168, "At most a week (168 hours)"),
          })
          .nullable()
          .default(null),
      })
      .default({ mode: "learned", sensitivity: "normal", minimum: null })
      .refine((q) => q.mode !== "minimum" || q.minimum !== null, {
        message: "Say how many events per how many hours",
        path: ["minimum"],
      }),
    rejecting: z.object({ enabled: z.boolean().default(true) }).default({ enabled: true }),
    businessHours: ZBusinessHours.nullable().default(null),
  })
  .strict();

export type TAlarmConfig = z.infer<typeof ZAlarmConfig>;

export const DEFAULT_ALARM_CONFIG: TAlarmConfig = ZAlarmConfig.parse({});

/** A stored config as the monitor reads it: anything unreadable falls back to the defaults. */
export function parseAlarmConfig(stored: unknown): TAlarmConfig {
  const parsed = ZAlarmConfig.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_ALARM_CONFIG;
}

export function quietSettings(c: TAlarmConfig): TQuietSettings {
  return {
    mode: c.quiet.mode,
    sensitivity: c.quiet.sensitivity,
    minimum: c.quiet.minimum,
    businessHours: c.businessHours,
  };
}
