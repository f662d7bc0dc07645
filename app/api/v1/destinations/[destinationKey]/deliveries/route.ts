import { findDeliveries, requireDestination } from "@/lib/destinations/data";
import { ZDeliveryListQuery, type TDeliveryListQuery } from "@/lib/destinations/schema";
import { withApi } from "@/lib/server/api";

export const GET = withApi<undefined, TDeliveryListQuery, { destinationKey: string }>(
  { permission: "destinations:view", query: ZDeliveryListQuery },
  async ({ query, params }) => {
    const destination = await requireDestination(params.destinationKey);
    return findDeliveries(destination.id, query);
  },
);
