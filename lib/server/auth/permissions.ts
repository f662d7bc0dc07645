import { AppError } from "../errors";

/**
 * Who may do what. The one table the server checks (pages, route handlers,
 * server actions) and the navigation reads; the UI hiding a button is a
 * convenience, never the check.
 */
export type TRole = "ADMIN" | "MANAGER" | "AGENT";

export const PERMISSIONS = {
  "queue:view": ["ADMIN", "MANAGER", "AGENT"],
  "exceptions:act": ["ADMIN", "MANAGER", "AGENT"],
  "exceptions:bulk": ["ADMIN", "MANAGER"],
  "inbox:view": ["ADMIN", "MANAGER", "AGENT"],
  "handoffs:act": ["ADMIN", "MANAGER", "AGENT"],
  /** Everyone's open handoffs (the handoffs view); agents have their inbox. */
  "handoffs:view-all": ["ADMIN", "MANAGER"],
  "dashboard:view": ["ADMIN", "MANAGER"],
  "workflows:view": ["ADMIN", "MANAGER"],
  "workflows:edit": ["ADMIN"],
  "sources:view": ["ADMIN", "MANAGER"],
  "sources:edit": ["ADMIN"],
  /** Held (spam) deliveries: list, release into the pipeline, delete. */
  "sources:held": ["ADMIN"],
  "destinations:view": ["ADMIN", "MANAGER"],
  "destinations:edit": ["ADMIN"],
  "events:view": ["ADMIN", "MANAGER"],
  "audit:view": ["ADMIN", "MANAGER"],
  "audit:revert": ["ADMIN"],
  "users:view": ["ADMIN", "MANAGER"],
  "users:edit": ["ADMIN"],
  "account:password": ["ADMIN", "MANAGER", "AGENT"],
  "tokens:own": ["ADMIN", "MANAGER", "AGENT"],
  "tokens:manage-all": ["ADMIN"],
  "notifications:own": ["ADMIN", "MANAGER", "AGENT"],
  "metrics:view": ["ADMIN"],
  // Email drafts held for review go to a customer in Baton's name: a manager or an admin sends them.
  "drafts:review": ["ADMIN", "MANAGER"],
  "settings:edit": ["ADMIN"],
  /** Spot checks of the classifier's automatic decisions: list them, confirm or correct the label. */
  "classifier:spot-check": ["ADMIN", "MANAGER"],
} as const satisfies Record<string, readonly TRole[]>;

export type TPermission = keyof typeof PERMISSIONS;

export type TActorLike = { role: TRole; active: boolean };

export function can(user: TActorLike | null | undefined, permission: TPermission): boolean {
  if (!user || !user.active) return false;
  return (PERMISSIONS[permission] as readonly TRole[]).includes(user.role);
}

/**
 * The check every exported domain mutation makes on its first line, against
 * the same table the request wrappers read: a caller that never went through
 * a wrapper (the audit revert, bulk, a script, a test) meets the same refusal.
 * FORBIDDEN (403) for a role the table leaves out and for a deactivated user.
 * `doing` finishes the sentence "Your role (AGENT) may not …".
 */
export function assertCan(
  user: TActorLike,
  permission: TPermission,
  doing = `do this (needs ${permission})`,
): void {
  if (can(user, permission)) return;
  throw new AppError({
    code: "FORBIDDEN",
    message: user.active
      ? `Your role (${user.role}) may not ${doing}`
      : "Your account is deactivated",
  });
}

export const ROLE_LABELS: Record<TRole, string> = {
  ADMIN: "Admin",
  MANAGER: "Manager",
  AGENT: "Agent",
};
