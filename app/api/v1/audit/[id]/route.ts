import { getAuditEntry } from "@/lib/audit/data";
import { diffAudit } from "@/lib/audit/diff";
import { revertability } from "@/lib/audit/mutations/revert/registry";
import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";

type TParams = { id: string };

export const GET = withApi<undefined, undefined, TParams>(
  { permission: "audit:view" },
  async ({ params }) => {
    const entry = await getAuditEntry(params.id);
    if (!entry) throw new AppError({ code: "NOT_FOUND", message: "No such audit entry" });
    const check = revertability(entry);
    return {
      ...entry,
      diff: diffAudit(entry.before, entry.after),
      revertable: check.ok,
      notRevertableReason: check.ok ? null : check.reason,
    };
  },
);
