import type { Metadata } from "next";
import { AuditTable } from "@/components/audit/audit-table";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { findAuditEntries } from "@/lib/audit/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { parsePageParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Audit log" };

const str = (v: unknown) =>
  typeof v === "string" && v.trim() ? v.trim().slice(0, 100) : undefined;

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePagePermission("audit:view");
  const sp = await searchParams;
  const filters = { action: str(sp.action), entityType: str(sp.entity), actor: str(sp.actor) };
  const result = await findAuditEntries({ ...parsePageParams(sp, 50), ...filters });
  const input = "rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, by anyone and by the system, with what it was before and after."
      />
      <form className="mb-4 flex flex-wrap items-end gap-2" role="search">
        <label className="text-xs font-medium text-slate-600">
          Actor
          <input
            name="actor"
            defaultValue={filters.actor}
            placeholder="email or system"
            className={`${input} mt-1 block`}
          />
        </label>
        <label className="text-xs font-medium text-slate-600">
          Action starts with
          <input
            name="action"
            defaultValue={filters.action}
            placeholder="user., exception."
            className={`${input} mt-1 block`}
          />
        </label>
        <label className="text-xs font-medium text-slate-600">
          Entity
          <select
            name="entity"
            defaultValue={filters.entityType ?? ""}
            className={`${input} mt-1 block bg-white`}
          >
            <option value="">Any</option>
            {[
              "user",
              "exception",
              "handoff",
              "workflow",
              "source",
              "destination",
              "api_token",
              "route",
              "system",
            ].map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
        <button className={buttonClass("secondary")}>Filter</button>
      </form>
      <AuditTable rows={JSON.parse(JSON.stringify(result.data))} pageInfo={result} />
    </>
  );
}
