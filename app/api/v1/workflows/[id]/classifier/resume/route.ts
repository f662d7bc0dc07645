import type { z } from "zod";
import { resumeAutoActing } from "@/lib/learning/mutations/spot-checks";
import { ZResumeAutoActing } from "@/lib/learning/schema";
import { withApi } from "@/lib/server/api";

type TParams = { id: string };

/** Lets a classifier the drift fallback paused act alone again (admins; audited with the note). */
export const POST = withApi<z.output<typeof ZResumeAutoActing>, undefined, TParams>(
  { permission: "workflows:edit", body: ZResumeAutoActing },
  async ({ actor, params, body, ctx }) => resumeAutoActing(actor, params.id, body, ctx),
);
