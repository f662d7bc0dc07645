import { getEventDetail } from "@/lib/events/data";
import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";

/** An event with its timeline, decision trace and outcome; 404 for an unknown id. */
export const GET = withApi<undefined, undefined, { id: string }>(
  { permission: "events:view" },
  async ({ params }) => {
    const event = await getEventDetail(params.id);
    if (!event) throw new AppError({ code: "NOT_FOUND", message: "No such event" });
    return event;
  },
);
