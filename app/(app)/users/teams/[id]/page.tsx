import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditDiff } from "@/components/audit/audit-diff";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/components/ui/time";
import { AdjustLedgerForm } from "@/components/users/adjust-ledger-form";
import { PeopleTabs } from "@/components/users/people-tabs";
import { LedgerTable, TeamMembersTable } from "@/components/users/team-detail";
import { TeamNameForm } from "@/components/users/team-forms";
import { findLedgerHistory } from "@/lib/audit/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { getTeamDetail } from "@/lib/teams/data";
import { can } from "@/lib/server/auth/permissions";
import { plain } from "@/lib/server/plain";
import { adjustLedgerAction, renameTeamAction } from "../actions";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePagePermission("users:view");
  const { id } = await params;
  const now = new Date();
  const [team, history] = await Promise.all([getTeamDetail(id, now), findLedgerHistory(id)]);
  if (!team) notFound();
  const view = plain(team);
  const canEdit = can(actor, "users:edit");
  const names = new Map(team.ledger.map((r) => [r.userId, r.name]));
  const next = team.nextPick.userId ? names.get(team.nextPick.userId) : null;

  return (
    <>
      <PageHeader
        title={team.name}
        description={
          <>
            <Link href="/users/teams" className="text-brand-700 underline">
              Teams
            </Link>{" "}
            / {team.name}
          </>
        }
        actions={
          canEdit ? (
            <TeamNameForm
              label="Team name"
              submitLabel="Rename"
              defaultName={team.name}
              teamId={team.id}
              action={renameTeamAction}
            />
          ) : null
        }
      />
      <PeopleTabs active="teams" />
      <div className="grid gap-6">
        <Card>
          <CardHeader
            title="Round-robin ledger"
            description="The engine gives the next lead to the member with the lowest effective count (assigned + adjustment) per weight; ties go to whoever waited longest."
          />
          <p
            className="border-b border-slate-100 bg-slate-50 px-5 py-2.5 text-sm text-slate-700"
            data-testid="next-pick"
          >
            {next ? (
              <>
                Next lead goes to <strong>{next}</strong>.
              </>
            ) : (
              <strong>No one can take the next lead.</strong>
            )}
            <span className="mt-0.5 block text-xs text-slate-500">
              Why: {team.nextPick.explanation}
            </span>
          </p>
          <LedgerTable
            rows={view.ledger}
            nextUserId={team.nextPick.userId}
            skipped={team.nextPick.skipped}
            now={now}
          />
          {canEdit && team.ledger.length > 0 ? (
            <AdjustLedgerForm
              teamId={team.id}
              members={team.ledger.map((r) => ({ userId: r.userId, name: r.name }))}
              action={adjustLedgerAction}
            />
          ) : null}
        </Card>
        <Card>
          <CardHeader
            title="Members"
            description="Open handoffs against capacity, and who can take work now."
          />
          <TeamMembersTable rows={view.members} now={now} />
        </Card>
        <Card>
          <CardHeader
            title="Recent ledger changes"
            actions={
              <Link
                href={`/audit?entity=round_robin_ledger&entityId=${encodeURIComponent(`${team.id}:`)}`}
                className="text-brand-700 text-sm hover:underline"
              >
                All in the audit log
              </Link>
            }
          />
          {history.length === 0 ? (
            <p className="px-5 py-6 text-sm text-slate-500">No adjustments yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {history.map((h) => (
                <li key={h.id} className="grid gap-2 px-5 py-3 lg:grid-cols-[14rem_1fr]">
                  <div className="text-sm">
                    <div className="font-medium text-slate-900">
                      {names.get(h.entityId?.split(":")[1] ?? "") ?? h.entityId}
                    </div>
                    <div className="text-xs text-slate-500">
                      {formatDateTime(h.createdAt)} · {h.actorLabel}
                    </div>
                    {h.reason ? (
                      <div className="mt-1 text-xs text-slate-600">“{h.reason}”</div>
                    ) : null}
                  </div>
                  <AuditDiff before={h.before} after={h.after} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
