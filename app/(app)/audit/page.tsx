import type { Metadata } from "next";
import { AuditTable, type TAuditListRow } from "@/components/audit/audit-table";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import {
  findAuditActors,
  findAuditEntityTypes,
  findAuditEntries,
  findRevertsOf,
} from "@/lib/audit/data";
import { auditEntityNames, entityNameOf } from "@/lib/audit/data/entity-names";
import { revertability } from "@/lib/audit/mutations/revert/registry";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { parsePageParams, parseSort } from "@/lib/server/search-params";
import { AUDIT_SORTS } from "@/lib/audit/schema";
import { can } from "@/lib/server/auth/permissions";
import { plain } from "@/lib/server/plain";
import { revertAuditEntryAction } from "./actions";

export const metadata: Metadata = { title: "Audit log" };

const str = (v: unknown, max = 200) =>
  typeof v === "string" && v.trim() ? v.trim().slice(0, max) : undefined;

/** A `YYYY-MM-DD` day (UTC) as the start or end of that day; anything else is ignored. */
function day(v: unknown, end: boolean): Date | undefined {
  const s = str(v, 10);
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const d = new Date(`${s}T${end ? "23:59:59.999" : "00:00:00.000"}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const KNOWN_TYPES = [
  "user",
  "team",
  "round_robin_ledger",
  "workflow",
  "source",
  "destination",
  "exception",
  "handoff",
  "api_token",
  "route",
];

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePagePermission("audit:view");
  const sp = await searchParams;
  const filters = {
    actor: str(sp.actor),
    action: str(sp.action, 100),
    entityType: str(sp.entity, 60),
    entityId: str(sp.entityId),
    from: day(sp.from, false),
    to: day(sp.to, true),
  };
  const sorted = parseSort(sp, AUDIT_SORTS);
  const [result, actors, types] = await Promise.all([
    findAuditEntries({ ...parsePageParams(sp, 50), ...sorted, ...filters }),
    findAuditActors(),
    findAuditEntityTypes(),
  ]);
  const canRevert = can(actor, "audit:revert");
  const [reverts, names] = await Promise.all([
    findRevertsOf(result.data.map((e) => e.id)),
    auditEntityNames(result.data),
  ]);
  const rows: TAuditListRow[] = result.data.map((e) => {
    const check = revertability(e);
    return {
      ...plain(e),
      revertable: check.ok,
      notRevertable: check.ok ? null : check.reason,
      revertedBy: plain(reverts.get(e.id) ?? null),
      entityName: entityNameOf(names.entities, e),
    };
  });
  const entityTypes = [...new Set([...KNOWN_TYPES, ...types])].sort();
  const input = "rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";
  const label = "text-xs font-medium text-slate-600";

  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          canRevert
            ? "Every change, by anyone and by the system, with what it was before and after. Open a row to see its diff; configuration changes can be reverted from there."
            : "Every change, by anyone and by the system, with what it was before and after. Open a row to see its diff."
        }
      />
      <form
        className="mb-4 grid grid-cols-2 items-end gap-2 md:grid-cols-4 lg:grid-cols-7"
        role="search"
        aria-label="Filter the audit log"
      >
        {/* Filtering keeps the order the table is sorted in. */}
        {sorted.sort ? <input type="hidden" name="sort" value={sorted.sort} /> : null}
        {sorted.dir ? <input type="hidden" name="dir" value={sorted.dir} /> : null}
        <label className={label}>
          Actor
          <select
            name="actor"
            defaultValue={filters.actor ?? ""}
            className={`${input} mt-1 block w-full bg-white`}
          >
            <option value="">Anyone</option>
            <option value="system">System</option>
            {filters.actor?.includes("@") ? (
              <option value={filters.actor}>{filters.actor}</option>
            ) : null}
            {actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.email})
              </option>
            ))}
          </select>
        </label>
        <label className={label}>
          Entity
          <select
            name="entity"
            defaultValue={filters.entityType ?? ""}
            className={`${input} mt-1 block w-full bg-white`}
          >
            <option value="">Any</option>
            {entityTypes.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
        <label className={label}>
          Entity id
          <input
            name="entityId"
            defaultValue={filters.entityId}
            placeholder="id or prefix"
            className={`${input} mt-1 block w-full`}
          />
        </label>
        <label className={label}>
          Action starts with
          <input
            name="action"
            defaultValue={filters.action}
            placeholder="user., team.updated"
            className={`${input} mt-1 block w-full`}
          />
        </label>
        <label className={label}>
          From (UTC)
          <input
            name="from"
            type="date"
            defaultValue={str(sp.from, 10)}
            className={`${input} mt-1 block w-full`}
          />
        </label>
        <label className={label}>
          To (UTC)
          <input
            name="to"
            type="date"
            defaultValue={str(sp.to, 10)}
            className={`${input} mt-1 block w-full`}
          />
        </label>
        <div className="flex gap-1">
          <button className={buttonClass("secondary")}>Filter</button>
          <a href="/audit" className={buttonClass("ghost")}>
            Clear
          </a>
        </div>
      </form>
      <AuditTable
        rows={rows}
        pageInfo={result}
        revert={canRevert ? revertAuditEntryAction : undefined}
        names={names.values}
      />
    </>
  );
}
