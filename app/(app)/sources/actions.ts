"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/server/action";
import { AppError } from "@/lib/server/errors";
import { getSourceByKey } from "@/lib/sources/data";
import { createSource, rotateSourceSecret } from "@/lib/sources/mutations";
import { ZCreateSourceForm, ZRotateSourceSecretForm } from "@/lib/sources/schema";

// Both actions answer the signing secret: the one time the browser sees it.
// It is never stored client-side beyond the panel that shows it.

export const createSourceAction = defineAction(
  { name: "sources.create", permission: "sources:edit", input: ZCreateSourceForm },
  async ({ actor, input, requestId, ip }) => {
    const source = await createSource(actor, input, { requestId, ip });
    revalidatePath("/sources");
    return { key: source.key, name: source.name, signingSecret: source.signingSecret };
  },
);

export const rotateSourceSecretAction = defineAction(
  { name: "sources.rotateSecret", permission: "sources:edit", input: ZRotateSourceSecretForm },
  async ({ actor, input, requestId, ip }) => {
    const source = await getSourceByKey(input.sourceKey);
    if (!source) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
    const rotated = await rotateSourceSecret(
      actor,
      source.id,
      { overlapMinutes: input.overlapMinutes },
      { requestId, ip },
    );
    revalidatePath("/sources");
    return {
      key: rotated.key,
      name: source.name,
      signingSecret: rotated.signingSecret,
      previousSecretExpiresAt: rotated.previousSecretExpiresAt?.toISOString() ?? null,
    };
  },
);
