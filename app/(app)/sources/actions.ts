"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/server/action";
import { AppError } from "@/lib/server/errors";
import { checkSourceContract, getSourceByKey } from "@/lib/sources/data";
import {
  createSource,
  endSecretOverlap,
  rotateSourceSecret,
  updateSource,
} from "@/lib/sources/mutations";
import {
  ZContractCheckForm,
  ZCreateSourceForm,
  ZRotateSourceSecretForm,
  ZSourceKey,
  ZUpdateSourceForm,
} from "@/lib/sources/schema";
import { z } from "zod";

// Both actions answer the signing secret: the one time the browser sees it.
// It is never stored client-side beyond the panel that shows it.

export const createSourceAction = defineAction(
  { name: "sources.create", permission: "sources:edit", input: ZCreateSourceForm },
  async ({ actor, input, requestId, ip }) => {
    const source = await createSource(actor, input, { requestId, ip });
    revalidatePath("/sources");
    // "" when the secret was pasted: nothing to reveal (a pasted secret is never echoed).
    return { key: source.key, name: source.name, signingSecret: source.signingSecret ?? "" };
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
      { overlapMinutes: input.overlapMinutes, secret: input.secret },
      { requestId, ip },
    );
    revalidatePath("/sources");
    revalidatePath(`/sources/${rotated.key}`);
    return {
      key: rotated.key,
      name: source.name,
      signingSecret: rotated.signingSecret ?? "",
      previousSecretExpiresAt: rotated.previousSecretExpiresAt?.toISOString() ?? null,
    };
  },
);

async function requireSource(key: string) {
  const source = await getSourceByKey(key);
  if (!source) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
  return source;
}

/** One section of the source page (settings, mapping or contract); answers what changed. */
export const updateSourceAction = defineAction(
  { name: "sources.update", permission: "sources:edit", input: ZUpdateSourceForm },
  async ({ actor, input, requestId, ip }) => {
    const source = await requireSource(input.sourceKey);
    const saved = await updateSource(actor, source.id, input.changes, { requestId, ip });
    revalidatePath(`/sources/${source.key}`);
    revalidatePath("/sources");
    return { changed: saved.changed };
  },
);

/** "Check against recent events": the contract as typed, tried before saving. */
export const checkContractAction = defineAction(
  { name: "sources.checkContract", permission: "sources:edit", input: ZContractCheckForm },
  async ({ input }) => {
    const source = await requireSource(input.sourceKey);
    const result = await checkSourceContract(source, input.contract, input.limit);
    return {
      ...result,
      failures: result.failures.map((f) => ({ ...f, receivedAt: f.receivedAt.toISOString() })),
    };
  },
);

export const endSecretOverlapAction = defineAction(
  {
    name: "sources.endSecretOverlap",
    permission: "sources:edit",
    input: z.object({ sourceKey: ZSourceKey }),
  },
  async ({ actor, input, requestId, ip }) => {
    const source = await requireSource(input.sourceKey);
    await endSecretOverlap(actor, source.id, { requestId, ip });
    revalidatePath(`/sources/${source.key}`);
    revalidatePath("/sources");
    return { key: source.key };
  },
);
