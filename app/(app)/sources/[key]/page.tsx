import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlarmsSection } from "@/components/sources/alarms/alarms-section";
import { ConnectPanel } from "@/components/sources/connect-panel";
import { ContractEditor } from "@/components/sources/contract-editor";
import { EmailIntakeSection } from "@/components/sources/email/email-intake-section";
import { FirstEventWatch } from "@/components/sources/first-event-watch";
import { LatestDeliveries, deliveryRows } from "@/components/sources/latest-deliveries";
import { RecentEvents } from "@/components/sources/recent-events";
import { SourceMappingForm } from "@/components/sources/source-mapping-form";
import { SourceOverview } from "@/components/sources/source-overview";
import { SourceSecretCard } from "@/components/sources/source-secret-card";
import { SourceSettingsForm } from "@/components/sources/source-settings-form";
import { SourceVerificationForm } from "@/components/sources/source-verification-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { getEmailSettings } from "@/lib/ingest/email/data";
import { getAlarmSettings } from "@/lib/channels/store/source-alarm-settings";
import { plain } from "@/lib/server/plain";
import { getSourceDetail } from "@/lib/sources/data";
import { can } from "@/lib/server/auth/permissions";
import {
  checkContractAction,
  endSecretOverlapAction,
  rotateSourceSecretAction,
  updateSourceAction,
} from "../actions";
import { FormsSection, publicBaseUrl } from "../forms-section";

export const metadata: Metadata = { title: "Source" };

const TABS = [
  { key: "overview", label: "Overview" },
  { key: "connect", label: "Connect" },
  { key: "form", label: "Website form" },
  { key: "email", label: "Email" },
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
  const v = verificationOf(source);
  const endpoint = v.publicUrl ?? `${await publicBaseUrl()}/api/v1/sources/${source.key}/events`;
  const email = tab === "email" ? await getEmailSettings(source.key) : null;
  const alarms = tab === "settings" ? await getAlarmSettings(source.key) : null;
  const deliveries = deliveryRows(source.recentEvents, source.rejectedByReason);

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
            <FirstEventWatch
              sourceKey={source.key}
              active={source.active}
              counts={{ accepted: source.accepted, rejected: source.rejected }}
            />
            {canEdit ? null : <Badge tone="amber">Read-only</Badge>}
          </>
        }
      />
      {/* Seven tabs overflow a phone's width: they scroll sideways instead of wrapping. */}
      <div className="-mx-1 overflow-x-auto px-1 [&_a]:whitespace-nowrap">
        <LinkTabs
          active={tab ?? "overview"}
          tabs={TABS.map((t) => ({ ...t, href: `/sources/${source.key}?tab=${t.key}` }))}
        />
      </div>
      {tab === "overview" ? (
        <div className="space-y-6">
          {source.accepted === 0 ? <ConnectPanel preset={v.preset} url={endpoint} /> : null}
          <LatestDeliveries rows={deliveries} />
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
      {tab === "connect" ? (
        <div className="space-y-6">
          <ConnectPanel preset={v.preset} url={endpoint} />
          <LatestDeliveries rows={deliveries} />
        </div>
      ) : null}
      {tab === "form" ? (
        <FormsSection source={{ id: source.id, key: source.key }} actor={actor} />
      ) : null}
      {tab === "email" && email ? (
        <EmailIntakeSection data={plain(email)} canEdit={canEdit} />
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
          <SourceVerificationForm
            source={{
              key: source.key,
              verification: v.preset,
              publicUrl: v.publicUrl,
              options: v.options,
            }}
            action={canEdit ? updateSourceAction : undefined}
          />
          <SourceSecretCard
            source={{
              key: source.key,
              name: source.name,
              verification: v.preset,
              previousSecretExpiresAt: overlapUntil,
            }}
            actions={
              canEdit
                ? { rotate: rotateSourceSecretAction, endOverlap: endSecretOverlapAction }
                : undefined
            }
          />
          {alarms ? <AlarmsSection data={plain(alarms)} canEdit={canEdit} /> : null}
        </div>
      ) : null}
    </>
  );
}

/**
 * The source's preset, the public URL it was given (HubSpot, Twilio sign it)
 * and its other options as JSON text for the edit form. Options are never
 * secret (lib/ingest/verify configSchema); the sealed secret is not selected.
 */
function verificationOf(source: object): {
  preset: string;
  publicUrl: string | null;
  options: string;
} {
  const row = source as { verification?: unknown; verificationConfig?: unknown };
  const preset = typeof row.verification === "string" ? row.verification : "standard-webhooks";
  const config =
    row.verificationConfig && typeof row.verificationConfig === "object"
      ? { ...(row.verificationConfig as Record<string, unknown>) }
      : {};
  const publicUrl = typeof config.publicUrl === "string" ? config.publicUrl : null;
  delete config.publicUrl;
  return {
    preset,
    publicUrl,
    options: Object.keys(config).length > 0 ? JSON.stringify(config, null, 2) : "",
  };
}
