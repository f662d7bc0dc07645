import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeliveryTable } from "@/components/destinations/delivery-table";
import { DestinationSettingsForm } from "@/components/destinations/destination-settings-form";
import { DestinationStatusCard } from "@/components/destinations/destination-status-card";
import { QueuedActionsCard } from "@/components/destinations/queued-actions-card";
import { CircuitBadge } from "@/components/destinations/destination-table";
import { TestDeliveryCard } from "@/components/destinations/test-delivery-card";
import { SmtpSettingsCard, TestEmailCard } from "@/components/destinations/smtp-settings-card";
import { getSmtpSettings } from "@/lib/destinations/email/data";
import { RecordSettingsForm } from "@/components/destinations/record-settings-form";
import { getRecordDestinationView } from "@/lib/destinations/record/data";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { findDeliveries, findWaitingActions, getDestinationDetail } from "@/lib/destinations/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { AppError } from "@/lib/server/errors";
import { can } from "@/lib/server/auth/permissions";
import {
  reorderQueueAction,
  resetCircuitAction,
  rotateDestinationSecretAction,
  sendTestDeliveryAction,
  sendTestEmailAction,
  setDestinationActiveAction,
  updateDestinationAction,
  updateSmtpAction,
  updateRecordSettingsAction,
} from "../actions";

export const metadata: Metadata = { title: "Destination" };

const PAGE = 25;

export default async function DestinationPage({
  params,
  searchParams,
}: {
  params: Promise<{ key: string }>;
  searchParams: Promise<{ cursor?: string }>;
}) {
  const actor = await requirePagePermission("destinations:view");
  const [{ key }, { cursor }] = await Promise.all([params, searchParams]);
  const d = await getDestinationDetail(key);
  if (!d) notFound();
  // A stale or hand-edited cursor shows the newest page rather than an error page.
  const deliveries = await findDeliveries(d.id, { cursor, limit: PAGE }).catch((e) => {
    if (e instanceof AppError) return findDeliveries(d.id, { limit: PAGE });
    throw e;
  });
  const waiting = await findWaitingActions(d.key);
  const canEdit = can(actor, "destinations:edit");
  const isEmail = d.kind === "EMAIL";
  const smtp = isEmail ? await getSmtpSettings(d.id) : null;
  // A system of record: its auth header and reconciliation instead of a signed test delivery.
  const record = d.kind === "RECORD" ? await getRecordDestinationView(d.id) : null;
  const base = `/destinations/${d.key}`;

  return (
    <>
      <PageHeader
        title={d.name}
        description={
          <>
            <Link href="/destinations" className="hover:underline">
              Destinations
            </Link>{" "}
            · <code className="text-xs">{d.key}</code> ·{" "}
            <code className="text-xs break-all">{d.url}</code>
          </>
        }
        actions={
          <>
            <CircuitBadge state={d.circuitState} />
            {d.active ? <Badge tone="green">Active</Badge> : <Badge>Paused</Badge>}
            {canEdit ? null : <Badge tone="amber">Read-only</Badge>}
          </>
        }
      />
      <div className="space-y-6">
        <div className="grid gap-6 lg:grid-cols-5">
          <div className="lg:col-span-3">
            {isEmail ? (
              <SmtpSettingsCard
                destinationKey={d.key}
                values={smtp}
                action={canEdit ? updateSmtpAction : undefined}
              />
            ) : (
              <DestinationSettingsForm
                destinationKey={d.key}
                values={d}
                action={canEdit ? updateDestinationAction : undefined}
              />
            )}
          </div>
          <div className="lg:col-span-2">
            <DestinationStatusCard
              destination={{
                key: d.key,
                name: d.name,
                active: d.active,
                circuitState: d.circuitState,
                circuitOpenedAt: d.circuitOpenedAt?.toISOString() ?? null,
                consecutiveFailures: d.consecutiveFailures,
              }}
              actions={
                canEdit
                  ? {
                      setActive: setDestinationActiveAction,
                      resetCircuit: resetCircuitAction,
                      rotateSecret: isEmail ? undefined : rotateDestinationSecretAction,
                    }
                  : undefined
              }
            />
          </div>
        </div>
        <QueuedActionsCard
          destinationKey={d.key}
          paused={!d.active}
          items={waiting.map((a) => ({
            jobId: a.jobId,
            actionName: a.actionName,
            lead: a.lead,
            queuedAt: a.queuedAt.toISOString(),
            dueAt: a.dueAt?.toISOString() ?? null,
            lastError: a.lastError,
          }))}
          reorder={canEdit ? reorderQueueAction : undefined}
        />
        {isEmail ? (
          <TestEmailCard
            destinationKey={d.key}
            defaultTo={actor.email}
            action={canEdit ? sendTestEmailAction : undefined}
          />
        ) : record ? (
          <RecordSettingsForm
            destinationKey={d.key}
            values={record}
            action={canEdit ? updateRecordSettingsAction : undefined}
          />
        ) : (
          <TestDeliveryCard
            destinationKey={d.key}
            url={d.url}
            timeoutMs={d.timeoutMs}
            action={canEdit ? sendTestDeliveryAction : undefined}
          />
        )}
        {/* Not a landmark of its own: the table's scroll region is already
            "Recent deliveries" (two landmarks of one name: axe landmark-unique). */}
        <div className="space-y-3">
          <div>
            <h2 className="text-sm font-semibold text-slate-900">Recent deliveries</h2>
            <p className="mt-0.5 text-sm text-slate-500">
              One row per attempt, newest first. Test deliveries are marked and left out of the
              success rate.
            </p>
          </div>
          <DeliveryTable
            rows={deliveries.data.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))}
            olderHref={
              deliveries.nextCursor
                ? `${base}?cursor=${encodeURIComponent(deliveries.nextCursor)}`
                : null
            }
            newestHref={cursor ? base : null}
          />
        </div>
      </div>
    </>
  );
}
