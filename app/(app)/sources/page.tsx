import type { Metadata } from "next";
import { SourcesConsole } from "@/components/sources/sources-console";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { parseSort } from "@/lib/server/search-params";
import { findSources } from "@/lib/sources/data";
import { SOURCE_SORTS } from "@/lib/sources/schema";
import { can } from "@/lib/server/auth/permissions";
import { createSourceAction, rotateSourceSecretAction } from "./actions";

export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePagePermission("sources:view");
  const sources = await findSources(parseSort(await searchParams, SOURCE_SORTS));
  const now = new Date();
  const rows = sources.map((s) => ({
    id: s.id,
    key: s.key,
    name: s.name,
    description: s.description,
    active: s.active,
    maxBodyBytes: s.maxBodyBytes,
    verification: s.verification,
    // Decided here rather than in the browser, so server and client render the same.
    previousSecretExpiresAt:
      s.previousSecretExpiresAt && s.previousSecretExpiresAt > now
        ? s.previousSecretExpiresAt.toISOString()
        : null,
    accepted: s.accepted,
    rejected: s.rejected,
    rejectedByReason: s.rejectedByReason.map((r) => ({
      ...r,
      lastAt: r.lastAt?.toISOString() ?? null,
    })),
  }));
  // Managers get no actions at all, so the page renders read-only; the
  // actions check "sources:edit" again on the server regardless.
  const actions = can(actor, "sources:edit")
    ? { create: createSourceAction, rotate: rotateSourceSecretAction }
    : undefined;
  return <SourcesConsole rows={rows} actions={actions} />;
}
