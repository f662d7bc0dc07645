import { can, type TActorLike, type TPermission } from "@/lib/server/auth/permissions";

type TIcon =
  | "queue"
  | "inbox"
  | "handoffs"
  | "dashboard"
  | "workflows"
  | "sources"
  | "destinations"
  | "events"
  | "audit"
  | "users"
  | "tokens"
  | "review"
  | "mail"
  | "bell"
  | "spotChecks";

const ITEMS: {
  href: string;
  label: string;
  icon: TIcon;
  section: string;
  permission: TPermission;
}[] = [
  { href: "/queue", label: "Queue", icon: "queue", section: "Work", permission: "queue:view" },
  {
    href: "/inbox",
    label: "My handoffs",
    icon: "inbox",
    section: "Work",
    permission: "inbox:view",
  },
  {
    href: "/handoffs",
    label: "All handoffs",
    icon: "handoffs",
    section: "Work",
    permission: "handoffs:view-all",
  },
  {
    href: "/dashboard",
    label: "Dashboard",
    icon: "dashboard",
    section: "Work",
    permission: "dashboard:view",
  },
  {
    href: "/spot-checks",
    label: "Spot checks",
    icon: "spotChecks",
    section: "Work",
    permission: "classifier:spot-check",
  },
  {
    href: "/workflows",
    label: "Workflows",
    icon: "workflows",
    section: "Configure",
    permission: "workflows:view",
  },
  {
    href: "/sources",
    label: "Sources",
    icon: "sources",
    section: "Configure",
    permission: "sources:view",
  },
  {
    href: "/destinations",
    label: "Destinations",
    icon: "destinations",
    section: "Configure",
    permission: "destinations:view",
  },
  { href: "/users", label: "Users", icon: "users", section: "Configure", permission: "users:view" },
  {
    href: "/settings/review",
    label: "Draft review",
    icon: "review",
    section: "Configure",
    permission: "settings:edit",
  },
  {
    href: "/settings/notifications",
    label: "Notification email",
    icon: "mail",
    section: "Configure",
    permission: "settings:edit",
  },
  {
    href: "/audit",
    label: "Audit log",
    icon: "audit",
    section: "Configure",
    permission: "audit:view",
  },
  {
    href: "/account/notifications",
    label: "My notifications",
    icon: "bell",
    section: "Account",
    permission: "notifications:own",
  },
  {
    href: "/settings/tokens",
    label: "API tokens",
    icon: "tokens",
    section: "Account",
    permission: "tokens:own",
  },
];

/** The navigation a user sees: exactly the pages their role may open. */
export function navigationFor(user: TActorLike) {
  return ITEMS.filter((i) => can(user, i.permission)).map(({ permission: _p, ...item }) => item);
}
