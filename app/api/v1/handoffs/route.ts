import { findHandoffs } from "@/lib/handoffs/data";
import { ZHandoffListQuery } from "@/lib/handoffs/schema";
import { withApi } from "@/lib/server/api";

/** An inbox page (`owner=me` by default), or `view=left`: handoffs that left it, with why. */
export const GET = withApi(
  { permission: "inbox:view", query: ZHandoffListQuery },
  ({ actor, query }) => findHandoffs(actor, query),
);
