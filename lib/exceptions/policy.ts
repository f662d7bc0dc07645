import { AppError } from "@/lib/server/errors";
import { can, type TActorLike, type TPermission, type TRole } from "@/lib/server/auth/permissions";
import { EXCEPTION_ACTIONS, type TExceptionAction } from "@/lib/exception-model/allowed-actions";

/**
 * Who may do what with an exception. Visibility is separate: exceptionScope
 * (data.ts) limits an agent to their own and their team's exceptions, so an
 * agent acting on another team's item gets "not found" before this table is
 * read. Within scope, agents act item by item; bulk is for managers and admins.
 */
export type TExceptionOperation = TExceptionAction | "bulk";

const ALL: readonly TRole[] = ["ADMIN", "MANAGER", "AGENT"];

export const EXCEPTION_POLICY = {
  approve: ALL,
  reject: ALL,
  reassign: ALL,
  replay: ALL,
  edit_replay: ALL,
  escalate: ALL,
  close: ALL,
  bulk: ["ADMIN", "MANAGER"],
} as const satisfies Record<TExceptionOperation, readonly TRole[]>;

/** The permission (lib/server/auth/permissions) an operation needs before this table narrows it. */
export const operationPermission = (op: TExceptionOperation): TPermission =>
  op === "bulk" ? "exceptions:bulk" : "exceptions:act";

/**
 * Whether the caller may: the permission table first (inactive users may do
 * nothing), then this table, which may narrow an action to fewer roles.
 */
export function mayOperate(actor: TActorLike, op: TExceptionOperation): boolean {
  return (
    can(actor, operationPermission(op)) &&
    (EXCEPTION_POLICY[op] as readonly TRole[]).includes(actor.role)
  );
}

/** Throws FORBIDDEN when the caller's role does not allow the operation. */
export function assertMayOperate(actor: TActorLike, op: TExceptionOperation) {
  if (!mayOperate(actor, op)) {
    throw new AppError({
      code: "FORBIDDEN",
      message: `Your role (${actor.role}) may not ${op === "bulk" ? "act in bulk" : op.replace("_", " ")} exceptions`,
    });
  }
}

/** The stored allowedActions JSON as a list of known actions (unknown strings dropped). */
export function storedActions(value: unknown): TExceptionAction[] {
  if (!Array.isArray(value)) return [];
  return EXCEPTION_ACTIONS.filter((a) => value.includes(a));
}

/**
 * What this caller may do with an exception right now: the actions its
 * reason allows, that the role allows, and none once it is resolved.
 */
export function actionsForCaller(
  actor: TActorLike,
  x: { allowedActions: unknown; status: string; reason?: string },
): TExceptionAction[] {
  // Resolved, or replaying: nothing to do until the replay's outcome is known.
  if (x.status === "RESOLVED" || x.status === "REPLAYING") return [];
  return storedActions(x.allowedActions).filter(
    (a) =>
      mayOperate(actor, a) &&
      !(a === "escalate" && x.status === "ESCALATED") &&
      // Approving a held email sends it to a customer: managers and admins (send-draft.ts checks too).
      !(a === "approve" && x.reason === "DRAFT_REVIEW" && !can(actor, "drafts:review")),
  );
}
