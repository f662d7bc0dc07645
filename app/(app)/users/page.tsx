import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { CreateUserForm } from "@/components/users/create-user-form";
import { PeopleTabs } from "@/components/users/people-tabs";
import { UserTable } from "@/components/users/user-table";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { parsePageParams, parseSort } from "@/lib/server/search-params";
import { USER_SORTS } from "@/lib/users/schema";
import { findTeams } from "@/lib/teams/data";
import { findOpenLoadByUser, findUsers } from "@/lib/users/data";
import { can } from "@/lib/server/auth/permissions";
import {
  changeRoleAction,
  createUserAction,
  resetPasswordAction,
  setActiveAction,
  updateUserAction,
} from "./actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePagePermission("users:view");
  const sp = await searchParams;
  const [result, teams] = await Promise.all([
    findUsers({
      ...parsePageParams(sp, 50),
      ...parseSort(sp, USER_SORTS),
      q: typeof sp.q === "string" ? sp.q.trim().slice(0, 200) || undefined : undefined,
    }),
    findTeams(),
  ]);
  const load = await findOpenLoadByUser(result.data.map((u) => u.id));
  const rows = JSON.parse(
    JSON.stringify(result.data.map((u) => ({ ...u, load: load.get(u.id) ?? 0 }))),
  );
  const canEdit = can(actor, "users:edit");
  return (
    <>
      <PageHeader
        title="Users"
        description="People who work the queue. Role and deactivation take effect on their very next request."
        actions={canEdit ? <CreateUserForm teams={teams} action={createUserAction} /> : null}
      />
      <PeopleTabs active="people" />
      <UserTable
        rows={rows}
        pageInfo={result}
        canEdit={canEdit}
        selfId={actor.id}
        teams={teams.map((t) => ({ id: t.id, name: t.name }))}
        now={new Date().toISOString()}
        actions={{
          changeRole: changeRoleAction,
          setActive: setActiveAction,
          update: updateUserAction,
          resetPassword: resetPasswordAction,
        }}
      />
    </>
  );
}
