import { UnconfirmedTable } from "@/components/dashboard/unconfirmed-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ZRecordCoverageQuery } from "@/lib/dashboard/schema";
import { findUnconfirmedEvents } from "@/lib/dashboard/store/record-coverage";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { plain } from "@/lib/server/plain";

type TSearch = Promise<Record<string, string | string[] | undefined>>;
const PER_PAGE = 50;

/** The events behind the reconciliation coverage figure that were not confirmed downstream in time. */
export default async function RecordCoveragePage({ searchParams }: { searchParams: TSearch }) {
  await requirePagePermission("dashboard:view");
  const sp = await searchParams;
  const one = (k: string) => (Array.isArray(sp[k]) ? sp[k][0] : sp[k]);
  const parsed = ZRecordCoverageQuery.safeParse({
    within: one("within"),
    from: one("from"),
    to: one("to"),
    page: one("page"),
  });
  if (!parsed.success) {
    return (
      <>
        <PageHeader title="Not confirmed downstream" />
        <EmptyState title="This list needs a period">
          Open it from the reconciliation coverage figure on the dashboard.
        </EmptyState>
      </>
    );
  }
  const q = parsed.data;
  const range = { from: new Date(q.from), to: new Date(q.to) };
  const list = await findUnconfirmedEvents(range, new Date(), q.within, {
    limit: PER_PAGE,
    offset: (q.page - 1) * PER_PAGE,
  });
  const hours = q.within === "1h" ? "1 hour" : "24 hours";
  return (
    <>
      <PageHeader
        title="Not confirmed downstream"
        description={`Inbound events received ${range.from.toISOString().slice(0, 16).replace("T", " ")} – ${range.to.toISOString().slice(0, 16).replace("T", " ")} UTC whose record was not confirmed in the system of record within ${hours}.`}
      />
      <UnconfirmedTable
        rows={plain(list.data)}
        pageInfo={{ total: list.total, page: q.page, perPage: PER_PAGE }}
      />
    </>
  );
}
