"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { planBulk, runBulk } from "@/lib/exceptions/mutations/bulk";
import { actOnException } from "@/lib/exceptions/mutations/act-on-exception";
import { labelException } from "@/lib/exceptions/mutations/label-exception";
import { previewReplay } from "@/lib/exceptions/preview-replay";
import { ZBulkRequest, ZExceptionAction, ZLabelAction } from "@/lib/exceptions/schema";
import { createSavedView, deleteSavedView } from "@/lib/saved-views/mutations";
import { ZCreateSavedView } from "@/lib/saved-views/schema";
import { defineAction } from "@/lib/server/action";
import { AppError } from "@/lib/server/errors";

const ZId = z.object({ exceptionId: z.string().min(1).max(64) });

/** One operator action on one exception (approve, reject, reassign, replay, edit & replay, escalate, close). */
export const actOnExceptionAction = defineAction(
  {
    name: "exceptions.act",
    permission: "exceptions:act",
    input: z.intersection(ZId, ZExceptionAction),
  },
  async ({ actor, input, requestId, ip }) => {
    const { exceptionId, ...action } = input;
    const out = await actOnException(actor, exceptionId, action, { requestId, ip });
    revalidatePath("/queue");
    return out;
  },
);

/** Confirm or correct the classifier's label (`y` / "correct to …"). */
export const labelExceptionAction = defineAction(
  {
    name: "exceptions.label",
    permission: "exceptions:act",
    input: z.intersection(ZId, ZLabelAction),
  },
  async ({ actor, input, requestId, ip }) => {
    const { exceptionId, ...rest } = input;
    const out = await labelException(actor, exceptionId, rest, { requestId, ip });
    revalidatePath("/queue");
    return out;
  },
);

/** What replaying would fire again, without doing it. */
export const previewReplayAction = defineAction(
  {
    name: "exceptions.previewReplay",
    permission: "exceptions:act",
    input: ZId.extend({ from: z.enum(["trigger", "failed_step"]) }),
  },
  async ({ actor, input }) => {
    const preview = await previewReplay(actor, input.exceptionId, input.from);
    if (!preview) throw new AppError({ code: "NOT_FOUND", message: "No such exception" });
    return preview;
  },
);

/** A bulk action: the plan (dryRun) or the run. */
export const bulkAction = defineAction(
  { name: "exceptions.bulk", permission: "exceptions:bulk", input: ZBulkRequest },
  async ({ actor, input, requestId, ip }) => {
    const { dryRun, ...rest } = input;
    if (dryRun) return { plan: await planBulk(actor, rest), result: null };
    const result = await runBulk(actor, rest, { requestId, ip });
    revalidatePath("/queue");
    return { plan: null, result };
  },
);

export const saveViewAction = defineAction(
  { name: "savedViews.create", permission: "queue:view", input: ZCreateSavedView },
  async ({ actor, input, requestId, ip }) => {
    const view = await createSavedView(actor, input, { requestId, ip });
    revalidatePath("/queue");
    return view;
  },
);

export const deleteViewAction = defineAction(
  {
    name: "savedViews.delete",
    permission: "queue:view",
    input: z.object({ viewId: z.string().min(1) }),
  },
  async ({ actor, input, requestId, ip }) => {
    await deleteSavedView(actor, input.viewId, { requestId, ip });
    revalidatePath("/queue");
    return { id: input.viewId };
  },
);
