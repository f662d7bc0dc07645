import { addBusinessTime } from "@/lib/server/calendar";
import type { TWorkflowDefinition } from "@/lib/workflow-definition/schema";

/**
 * SLA arithmetic: when a handoff is due, counting only business minutes in
 * the team's time zone, and how close it is to breaching. The zone rules
 * (daylight saving, skipped and repeated hours) live in lib/server/calendar.
 */

export type TSlaConfig = Pick<TWorkflowDefinition["sla"], "acceptWithinMinutes" | "businessHours">;
export type TBusinessHours = NonNullable<TWorkflowDefinition["sla"]["businessHours"]>;
export type TSlaState = "on_track" | "due_soon" | "breached";

const MINUTE = 60_000;

/**
 * When a handoff started at `start` is due: `acceptWithinMinutes` later, or,
 * with business hours, after that many minutes inside the opening hours of
 * the business days in the given zone. Minutes are real elapsed minutes, so a
 * window that spans a DST change is an hour shorter or longer that day; an
 * opening time skipped by a spring-forward gap opens after the gap. A start
 * outside hours counts from the next opening. Throws on an unknown zone.
 */
export function computeDueAt(start: Date, sla: TSlaConfig): Date {
  const total = sla.acceptWithinMinutes * MINUTE;
  const hours = sla.businessHours;
  if (!hours) return new Date(start.getTime() + total);
  return addBusinessTime(start, total, hours);
}

/**
 * Where a due time stands at `now`: breached once `now` reaches `dueAt`;
 * due soon when less than a quarter of the window (createdAt → dueAt) or
 * less than 15 minutes is left; on track otherwise.
 */
export function slaState(dueAt: Date, now: Date, createdAt: Date): TSlaState {
  const left = dueAt.getTime() - now.getTime();
  if (left <= 0) return "breached";
  const window = dueAt.getTime() - createdAt.getTime();
  if (left < 15 * MINUTE || (window > 0 && left < window * 0.25)) return "due_soon";
  return "on_track";
}
