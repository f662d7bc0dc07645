"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ZFormSettingsForm } from "@/lib/ingest/forms/config";
import { updateFormConfig } from "@/lib/ingest/forms/mutations";
import { deleteHeldDelivery, releaseHeldDelivery } from "@/lib/ingest/held/mutations";
import { defineAction } from "@/lib/server/action";
import { AppError } from "@/lib/server/errors";
import { getSourceByKey } from "@/lib/sources/data";
import { ZSourceKey } from "@/lib/sources/schema";

async function requireSource(key: string) {
  const source = await getSourceByKey(key);
  if (!source) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
  return source;
}

/** The website-form settings of a source (admin); answers what changed. */
export const updateFormSettingsAction = defineAction(
  { name: "sources.updateForm", permission: "sources:edit", input: ZFormSettingsForm },
  async ({ actor, input, requestId, ip }) => {
    const source = await requireSource(input.sourceKey);
    const saved = await updateFormConfig(actor, source.id, input.config, { requestId, ip });
    revalidatePath(`/sources/${source.key}`);
    return { changed: saved.changed };
  },
);

const ZHeldRef = z.object({ sourceKey: ZSourceKey, heldId: z.string().trim().min(1).max(64) });

/** Releases a held (spam) delivery into the pipeline as an event (admin). */
export const releaseHeldAction = defineAction(
  { name: "sources.releaseHeld", permission: "sources:held", input: ZHeldRef },
  async ({ actor, input, requestId, ip }) => {
    const source = await requireSource(input.sourceKey);
    const released = await releaseHeldDelivery(actor, source.id, input.heldId, { requestId, ip });
    revalidatePath(`/sources/${source.key}`);
    return released;
  },
);

/** Deletes a held (spam) delivery for good (admin). */
export const deleteHeldAction = defineAction(
  { name: "sources.deleteHeld", permission: "sources:held", input: ZHeldRef },
  async ({ actor, input, requestId, ip }) => {
    const source = await requireSource(input.sourceKey);
    await deleteHeldDelivery(actor, source.id, input.heldId, { requestId, ip });
    revalidatePath(`/sources/${source.key}`);
    return { heldId: input.heldId };
  },
);
