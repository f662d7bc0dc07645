import { getHandoffDetail } from "@/lib/handoffs/data";
import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";

/** One handoff with its context panel; 404 outside the caller's scope. */
export const GET = withApi<undefined, undefined, { id: string }>(
  { permission: "inbox:view" },
  async ({ actor, params }) => {
    const detail = await getHandoffDetail(actor, params.id);
    if (!detail) throw new AppError({ code: "NOT_FOUND", message: "No such handoff" });
    return detail;
  },
);
