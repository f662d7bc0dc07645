import type { z } from "zod";
import { previewReplay } from "@/lib/exceptions/preview-replay";
import { ZReplayPreviewQuery } from "@/lib/exceptions/schema";
import { withApi } from "@/lib/server/api";
import { AppError } from "@/lib/server/errors";

/** What a replay would run again, without writing anything. */
export const GET = withApi<undefined, z.output<typeof ZReplayPreviewQuery>, { id: string }>(
  { permission: "queue:view", query: ZReplayPreviewQuery },
  async ({ actor, params, query }) => {
    const preview = await previewReplay(actor, params.id, query.from);
    if (!preview) throw new AppError({ code: "NOT_FOUND", message: "No such exception" });
    return preview;
  },
);
