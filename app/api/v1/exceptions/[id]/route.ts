import { getExceptionDetail } from "@/lib/exceptions/data";
import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";

/** One exception with its whole context; 404 outside the caller's scope. */
export const GET = withApi<undefined, undefined, { id: string }>(
  { permission: "queue:view" },
  async ({ actor, params }) => {
    const detail = await getExceptionDetail(actor, params.id);
    if (!detail) throw new AppError({ code: "NOT_FOUND", message: "No such exception" });
    return detail;
  },
);
