import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { PeopleTabs } from "@/components/users/people-tabs";
import { TeamNameForm } from "@/components/users/team-forms";
import { TeamTable } from "@/components/users/team-table";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { parseSort } from "@/lib/server/search-params";
import { findTeamSummaries } from "@/lib/teams/data";
import { TEAM_SORTS } from "@/lib/teams/schema";
import { can } from "@/lib/server/auth/permissions";
import { createTeamAction } from "./actions";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePagePermission("users:view");
  const teams = await findTeamSummaries(parseSort(await searchParams, TEAM_SORTS));
  return (
    <>
      <PageHeader
        title="Users"
        description="Teams share work by round-robin. Open a team to see its members and ledger."
      />
      <PeopleTabs active="teams" />
      {can(actor, "users:edit") ? (
        <div className="mb-4">
          <TeamNameForm label="New team" submitLabel="Create team" action={createTeamAction} />
        </div>
      ) : null}
      <TeamTable rows={teams.map(({ createdAt: _c, ...t }) => t)} />
    </>
  );
}
