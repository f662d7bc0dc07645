import { z } from "zod";
import { ZAlarmConfig } from "@/lib/channels/alarm-config";
import { ZDate } from "./responses";
import type { TOperation } from "./types";

/**
 * A source's alarms (lib/channels): when it goes quiet (SOURCE_QUIET), when
 * its deliveries are refused far more than usual (SOURCE_REJECTING), and who
 * hears about them and about its channel being down (CHANNEL_DOWN).
 */

const sourceKey = { sourceKey: "The source's key, e.g. `web-form`" };

const ZPerson = z.object({ id: z.string(), name: z.string(), email: z.string() });

export const ZAlarmSettings = z.object({
  sourceKey: z.string(),
  config: ZAlarmConfig.meta({
    description: "The settings in force (the defaults when none are stored)",
  }),
  custom: z.boolean().meta({ description: "false: the source uses the defaults" }),
  owner: ZPerson.nullable().meta({
    description: "Who hears about the source's alarms; null: every manager and admin",
  }),
  owners: z
    .array(ZPerson.extend({ role: z.string() }))
    .meta({ description: "Who may own them: active managers and admins" }),
  open: z
    .array(z.object({ id: z.string(), reason: z.string(), title: z.string(), createdAt: ZDate }))
    .meta({ description: "The source's alarms open now" }),
  quietNow: z
    .object({
      state: z.enum(["off", "closed", "warming-up", "ok", "quiet"]),
      why: z.string().nullable().meta({ description: "What it still needs (warming-up)" }),
      expected: z.number().nullable(),
      arrived: z.int().nullable(),
      windowHours: z.int().nullable(),
      method: z.string().nullable().meta({ description: "poisson, negative-binomial or minimum" }),
    })
    .meta({
      description:
        "What the quiet-source rule says right now: closed outside business hours, " +
        "warming-up before enough history, else the most telling window's figures",
    }),
});

const METHOD =
  "Quiet, learned (the default): the same hours of the week in the last 8 weeks give the " +
  "expected count over the last 1–24 open hours; an alarm when the chance of so few " +
  "arrivals (Poisson, or negative binomial for bursty senders) falls below the " +
  "sensitivity's cut-off, never where fewer than 3 were expected, never before 2 weeks " +
  "of history. Quiet, minimum: fewer than `events` in the last `hours` open hours. " +
  "Outside `businessHours` no quiet alarm is raised. Rejecting: at least max(10, 5× the " +
  "usual) refusals in the last hour, at least as many as were accepted.";

export const ALARM_OPERATIONS: TOperation[] = [
  {
    path: "/api/v1/sources/{sourceKey}/alarms",
    method: "get",
    operationId: "getSourceAlarms",
    tag: "Sources",
    summary: "Get a source's alarm settings",
    description: `The quiet-source and rejection-storm settings in force, the alarms' owner, who may own them, and the source's alarms open now. ${METHOD}`,
    permission: "sources:view",
    params: sourceKey,
    responses: { 200: { description: "The alarm settings", schema: "AlarmSettings" } },
  },
  {
    path: "/api/v1/sources/{sourceKey}/alarms",
    method: "put",
    operationId: "setSourceAlarms",
    tag: "Sources",
    summary: "Set a source's alarm settings and owner",
    description:
      "Replaces them (parts left out take their defaults: learned, normal sensitivity, " +
      "rejection alarm on, no business hours, no owner). The owner must be an active " +
      "manager or admin. Audited as `source.alarms_set`. Alarms already open keep their " +
      `assignee. ${METHOD}`,
    permission: "sources:edit",
    params: sourceKey,
    body: "AlarmSettingsInput",
    responses: { 200: { description: "The alarm settings as saved", schema: "AlarmSettings" } },
  },
];
