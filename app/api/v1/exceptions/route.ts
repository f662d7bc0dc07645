import { findExceptions } from "@/lib/exceptions/data";
import { ZExceptionListQuery } from "@/lib/exceptions/schema";
import { withApi } from "@/lib/server/api";

/** The queue: filters, sort and `{ data, nextCursor }` (or `{ data, total, page, perPage }` with `page`). */
export const GET = withApi(
  { permission: "queue:view", query: ZExceptionListQuery },
  ({ actor, query }) => findExceptions(actor, query),
);
