import { headers } from "next/headers";
import { FormsSectionView } from "@/components/sources/forms/forms-section-view";
import { ZFormConfig } from "@/lib/ingest/forms/config";
import { readFormConfig } from "@/lib/ingest/forms/data";
import { formActionUrl, formSnippet } from "@/lib/ingest/forms/snippet";
import { findHeldDeliveries } from "@/lib/ingest/held/data";
import type { TActor } from "@/lib/server/auth/actor";
import { can } from "@/lib/server/auth/permissions";
import { env } from "@/lib/server/env";
import { deleteHeldAction, releaseHeldAction, updateFormSettingsAction } from "./forms-actions";

/** The address people's browsers reach Baton at: BATON_PUBLIC_URL, else this request's host. */
export async function publicBaseUrl(): Promise<string> {
  if (env.BATON_PUBLIC_URL) return env.BATON_PUBLIC_URL;
  const h = await headers();
  const host = h.get("host") ?? "localhost:3000";
  const proto = env.TRUST_PROXY
    ? (h.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http")
    : "http";
  return `${proto}://${host}`;
}

/**
 * The website-form section of a source page, loaded here (pages pass plain
 * data to components). Place it with one line:
 * `<FormsSection source={{ id: source.id, key: source.key }} actor={actor} />`.
 */
export async function FormsSection({
  source,
  actor,
}: {
  source: { id: string; key: string };
  actor: TActor;
}) {
  const canEdit = can(actor, "sources:edit");
  const canHeld = can(actor, "sources:held");
  const [stored, held, base] = await Promise.all([
    readFormConfig(source.id),
    canHeld ? findHeldDeliveries(actor, source.id, { limit: 50 }) : null,
    publicBaseUrl(),
  ]);
  const config = stored ?? ZFormConfig.parse({});
  const actionUrl = formActionUrl(base, source.key);
  return (
    <FormsSectionView
      sourceKey={source.key}
      config={config}
      actionUrl={actionUrl}
      snippet={formSnippet(actionUrl, config)}
      held={
        held
          ? {
              total: held.total,
              items: held.data.map((h) => ({
                id: h.id,
                channel: h.channel,
                reason: h.reason,
                payload: h.payload,
                receivedAt: h.receivedAt.toISOString(),
              })),
            }
          : null
      }
      actions={{
        update: canEdit ? updateFormSettingsAction : undefined,
        held: canHeld ? { release: releaseHeldAction, remove: deleteHeldAction } : undefined,
      }}
    />
  );
}
