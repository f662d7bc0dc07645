import { countsByReason } from "@/lib/exceptions/data";
import { ZExceptionFilter } from "@/lib/exceptions/schema";
import { withApi } from "@/lib/server/api";

/** Live reason counters for the current filter (the reason filter itself is ignored). */
export const GET = withApi(
  { permission: "queue:view", query: ZExceptionFilter },
  ({ actor, query }) => countsByReason(actor, query),
);
