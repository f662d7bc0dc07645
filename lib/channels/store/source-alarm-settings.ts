import "server-only";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { assertCan } from "@/lib/server/auth/permissions";
import { recordAudit } from "@/lib/server/audit/record";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { asJson } from "@/lib/server/json";
import type { TRequestCtx } from "@/lib/server/request-context";
import { parseAlarmConfig, quietSettings, type TAlarmConfig } from "../alarm-config";
import { HISTORY_WEEKS, HOUR_MS, WEEK_MS, evaluateQuiet } from "../quiet/model";
import { ZAlarmSettingsInput, type TAlarmSettingsInput } from "../alarm-settings-schema";

export {
  ZAlarmSettingsInput,
  type TAlarmSettingsBody,
  type TAlarmSettingsInput,
} from "../alarm-settings-schema";

/**
 * A source's alarm settings as an admin edits them (GET/PUT
 * /api/v1/sources/{key}/alarms, the "Alarms" section of the source page):
 * Source.alarmConfig (lib/channels/alarm-config.ts) and Source.ownerId, the
 * person its CHANNEL_DOWN, SOURCE_QUIET and SOURCE_REJECTING items go to (none:
 * every manager and admin is told).
 */

const OWNER_ROLES = ["ADMIN", "MANAGER"] as const;

export type TAlarmSettings = {
  sourceKey: string;
  /** The settings in force (the defaults when none are stored). */
  config: TAlarmConfig;
  /** Whether the source has its own settings (false: the defaults). */
  custom: boolean;
  owner: { id: string; name: string; email: string } | null;
  /** Who may own the source's alarms: active managers and admins. */
  owners: { id: string; name: string; email: string; role: string }[];
  /** The source's alarms open now. */
  open: { id: string; reason: string; title: string; createdAt: Date }[];
  /** What the quiet-source rule says right now, in the monitor's words. */
  quietNow: TQuietNow;
};

export type TQuietNow = {
  state: "off" | "closed" | "warming-up" | "ok" | "quiet";
  /** Why it is still learning (warming-up). */
  why: string | null;
  /** The window the verdict is about (ok, quiet). */
  expected: number | null;
  arrived: number | null;
  windowHours: number | null;
  method: string | null;
};

/** The quiet-source verdict for one source at `now`, from its own SourceArrivalHour rows. */
async function quietNow(
  source: { id: string; createdAt: Date },
  config: TAlarmConfig,
  now: Date,
): Promise<TQuietNow> {
  const rows = await db.sourceArrivalHour.findMany({
    where: {
      sourceId: source.id,
      hourStart: { gte: new Date(now.getTime() - (HISTORY_WEEKS * WEEK_MS + HOUR_MS)) },
    },
    select: { hourStart: true, accepted: true, rejected: true },
    orderBy: { hourStart: "asc" },
  });
  const v = evaluateQuiet(
    rows.map((r) => ({ ...r, hourStart: r.hourStart.getTime() })),
    now.getTime(),
    quietSettings(config),
    { createdAt: source.createdAt.getTime() },
  );
  const empty = { why: null, expected: null, arrived: null, windowHours: null, method: null };
  if (v.state === "off" || v.state === "closed") return { state: v.state, ...empty };
  if (v.state === "warming-up") return { ...empty, state: v.state, why: v.why };
  return {
    state: v.state,
    why: null,
    expected: v.expected,
    arrived: v.arrived,
    windowHours: v.windowHours,
    method: v.method,
  };
}

export async function getAlarmSettings(
  sourceKey: string,
  now = new Date(),
): Promise<TAlarmSettings | null> {
  const source = await db.source.findUnique({
    where: { key: sourceKey },
    select: {
      id: true,
      key: true,
      alarmConfig: true,
      createdAt: true,
      owner: { select: { id: true, name: true, email: true } },
    },
  });
  if (!source) return null;
  const [owners, open] = await Promise.all([
    db.user.findMany({
      where: { active: true, role: { in: [...OWNER_ROLES] } },
      select: { id: true, name: true, email: true, role: true },
      orderBy: [{ name: "asc" }, { email: "asc" }],
      take: 500,
    }),
    db.exception.findMany({
      where: {
        sourceId: source.id,
        reason: { in: ["CHANNEL_DOWN", "SOURCE_QUIET", "SOURCE_REJECTING"] },
        status: { in: ["OPEN", "ESCALATED"] },
      },
      select: { id: true, reason: true, title: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const config = parseAlarmConfig(source.alarmConfig);
  return {
    sourceKey: source.key,
    config,
    custom: source.alarmConfig !== null,
    owner: source.owner,
    owners,
    open,
    quietNow: await quietNow(source, config, now),
  };
}

/**
 * Replaces a source's alarm settings and owner (admins only), audited as
 * `source.alarms_set` with both before and after. The owner must be an active
 * manager or admin: the alarms link the source's page, which agents cannot see.
 * Alarms already open keep their assignee; the next ones go to the new owner.
 */
export async function setAlarmSettings(
  actor: TActor,
  sourceKey: string,
  input: TAlarmSettingsInput,
  ctx: TRequestCtx = {},
): Promise<TAlarmSettings> {
  assertCan(actor, "sources:edit", "change sources");
  const { ownerId, ...config } = ZAlarmSettingsInput.parse(input);
  await db.$transaction(async (tx) => {
    const before = await tx.source.findUnique({
      where: { key: sourceKey },
      select: { id: true, alarmConfig: true, ownerId: true },
    });
    if (!before) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
    if (ownerId) {
      const owner = await tx.user.findUnique({
        where: { id: ownerId },
        select: { active: true, role: true },
      });
      if (!owner?.active || !(OWNER_ROLES as readonly string[]).includes(owner.role)) {
        const message = "Pick an active manager or admin";
        throw new AppError({
          code: "VALIDATION_FAILED",
          message: `Invalid body: ownerId: ${message}`,
          details: { errors: { ownerId: [message] } },
        });
      }
    }
    await tx.source.update({
      where: { id: before.id },
      data: { alarmConfig: asJson(config), ownerId },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "source.alarms_set",
      entityType: "source",
      entityId: before.id,
      before: { alarmConfig: before.alarmConfig, ownerId: before.ownerId },
      after: { alarmConfig: config, ownerId },
      ...ctx,
    });
  });
  return (await getAlarmSettings(sourceKey))!;
}
