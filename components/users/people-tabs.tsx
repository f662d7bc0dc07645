import { LinkTabs } from "@/components/ui/tabs";

/** People and Teams: two views of the same directory. */
export function PeopleTabs({ active }: { active: "people" | "teams" }) {
  return (
    <LinkTabs
      active={active}
      tabs={[
        { key: "people", label: "People", href: "/users" },
        { key: "teams", label: "Teams", href: "/users/teams" },
      ]}
    />
  );
}
