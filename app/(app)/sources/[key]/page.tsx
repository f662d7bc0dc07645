import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ContractEditor } from "@/components/sources/contract-editor";
import { RecentEvents } from "@/components/sources/recent-events";
import { SourceMappingForm } from "@/components/sources/source-mapping-form";
import { SourceOverview } from "@/components/sources/source-overview";
import { SourceSecretCard } from "@/components/sources/source-secret-card";
import { SourceSettingsForm } from "@/components/sources/source-settings-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { getSourceDetail } from "@/lib/sources/data";
import { can } from "@/lib/server/auth/permissions";
import {
  checkContractAction,
  endSecretOverlapAction,
  rotateSourceSecretAction,
  updateSourceAction,
} from "../actions";

export const metadata: Metadata = { title: "Source" };

const TABS = [
  { key: "overview", label: "Overview" },
  { key: "contract", label: "Contract" },
  { key: "mapping", label: "Mapping" },
  { key: "settings", label: "Settings and secret" },
] as const;

type TMapping = Record<string, string> | null;

export default async function SourcePage({
  params,
  searchParams,
}: {
  params: Promise<{ key: string }>;
  searchParams: Promise<{ tab?: string }>;
}) {
  const actor = await requirePagePermission("sources:view");
  const [{ key }, { tab: rawTab }] = await Promise.all([params, searchParams]);
  const source = await getSourceDetail(key);
  if (!source) notFound();
  const tab = TABS.some((t) => t.key === rawTab) ? rawTab : "overview";
  // Managers get no actions: every section renders read-only, and the actions
  // check "sources:edit" on the server regardless.
  const canEdit = can(actor, "sources:edit");
  const now = new Date();
  const overlapUntil =
    source.previousSecretExpiresAt && source.previousSecretExpiresAt > now
      ? source.previousSecretExpiresAt.toISOString()
      : null;

  return (
    <>
      <PageHeader
        title={source.name}
        description={
          <>
            <Link href="/sources" className="hover:underline">
              Sources
            </Link>{" "}
            · <code className="text-xs">POST /api/v1/sources/{source.key}/events</code>
            {source.description ? <> · {source.description}</> : null}
          </>
        }
        actions={
          <>
            {source.active ? <Badge tone="green">Receiving</Badge> : <Badge>Paused</Badge>}
            {canEdit ? null : <Badge tone="amber">Read-only</Badge>}
          </>
        }
      />
      <LinkTabs
        active={tab ?? "overview"}
        tabs={TABS.map((t) => ({ ...t, href: `/sources/${source.key}?tab=${t.key}` }))}
      />
      {tab === "overview" ? (
        <div className="space-y-6">
          <SourceOverview
            now={now}
            overview={{
              accepted: source.accepted,
              rejected: source.rejected,
              lastRejectedAt: source.lastRejectedAt?.toISOString() ?? null,
              eventsByStatus: source.eventsByStatus,
              days: source.days,
              rejectedByReason: source.rejectedByReason.map((r) => ({
                ...r,
                lastAt: r.lastAt?.toISOString() ?? null,
              })),
            }}
          />
          <Card>
            <CardHeader title="Recent events" description="The latest 25 accepted events." />
            <RecentEvents
              rows={source.recentEvents.map((e) => ({
                ...e,
                receivedAt: e.receivedAt.toISOString(),
              }))}
            />
          </Card>
        </div>
      ) : null}
      {tab === "contract" ? (
        <ContractEditor
          sourceKey={source.key}
          contract={source.contract}
          actions={canEdit ? { update: updateSourceAction, check: checkContractAction } : undefined}
        />
      ) : null}
      {tab === "mapping" ? (
        <SourceMappingForm
          sourceKey={source.key}
          identityMapping={source.identityMapping as TMapping}
          fieldMapping={source.fieldMapping as TMapping}
          action={canEdit ? updateSourceAction : undefined}
        />
      ) : null}
      {tab === "settings" ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <SourceSettingsForm source={source} action={canEdit ? updateSourceAction : undefined} />
          <SourceSecretCard
            source={{ key: source.key, name: source.name, previousSecretExpiresAt: overlapUntil }}
            actions={
              canEdit
                ? { rotate: rotateSourceSecretAction, endOverlap: endSecretOverlapAction }
                : undefined
            }
          />
        </div>
      ) : null}
    </>
  );
}
