"use server";

import { revalidatePath } from "next/cache";
import { requireDestination } from "@/lib/destinations/data";
import {
  createDestination,
  reorderQueuedActions,
  resetDestinationCircuit,
  rotateDestinationSecret,
  sendTestDelivery,
  updateDestination,
} from "@/lib/destinations/mutations";
import {
  ZCreateDestinationForm,
  ZDestinationRef,
  ZReorderQueue,
  ZSetDestinationActive,
  ZUpdateDestinationForm,
} from "@/lib/destinations/schema";
import { defineAction } from "@/lib/server/action";
import {
  createEmailDestination,
  sendTestEmail,
  updateEmailSettings,
} from "@/lib/destinations/email/mutations";
import {
  ZCreateEmailDestinationForm,
  ZTestEmailInput,
  ZUpdateSmtpForm,
} from "@/lib/destinations/email/schema";
import { createRecordDestination, updateRecordSettings } from "@/lib/destinations/record/mutations";
import { ZCreateRecordDestination, ZUpdateRecordSettings } from "@/lib/destinations/record/schema";

// Creating and rotating answer the signing secret: the one time the browser
// sees it. Every action checks "destinations:edit" on the server.

function revalidate(key: string) {
  revalidatePath("/destinations");
  revalidatePath(`/destinations/${key}`);
}

export const createDestinationAction = defineAction(
  { name: "destinations.create", permission: "destinations:edit", input: ZCreateDestinationForm },
  async ({ actor, input, requestId, ip }) => {
    const created = await createDestination(actor, input, { requestId, ip });
    revalidate(created.key);
    return { key: created.key, name: created.name, signingSecret: created.signingSecret };
  },
);

export const updateDestinationAction = defineAction(
  { name: "destinations.update", permission: "destinations:edit", input: ZUpdateDestinationForm },
  async ({ actor, input, requestId, ip }) => {
    const d = await requireDestination(input.destinationKey);
    const saved = await updateDestination(actor, d.id, input.changes, { requestId, ip });
    revalidate(d.key);
    return { changed: saved.changed };
  },
);

export const setDestinationActiveAction = defineAction(
  { name: "destinations.setActive", permission: "destinations:edit", input: ZSetDestinationActive },
  async ({ actor, input, requestId, ip }) => {
    const d = await requireDestination(input.destinationKey);
    const saved = await updateDestination(actor, d.id, { active: input.active }, { requestId, ip });
    revalidate(d.key);
    return { active: saved.active };
  },
);

export const rotateDestinationSecretAction = defineAction(
  { name: "destinations.rotateSecret", permission: "destinations:edit", input: ZDestinationRef },
  async ({ actor, input, requestId, ip }) => {
    const d = await requireDestination(input.destinationKey);
    const rotated = await rotateDestinationSecret(actor, d.id, { requestId, ip });
    revalidate(d.key);
    return { key: d.key, name: d.name, signingSecret: rotated.signingSecret };
  },
);

export const resetCircuitAction = defineAction(
  { name: "destinations.resetCircuit", permission: "destinations:edit", input: ZDestinationRef },
  async ({ actor, input, requestId, ip }) => {
    const d = await requireDestination(input.destinationKey);
    await resetDestinationCircuit(actor, d.id, { requestId, ip });
    revalidate(d.key);
    return { key: d.key };
  },
);

export const sendTestDeliveryAction = defineAction(
  { name: "destinations.test", permission: "destinations:edit", input: ZDestinationRef },
  async ({ actor, input, requestId, ip }) => {
    const d = await requireDestination(input.destinationKey);
    const result = await sendTestDelivery(actor, d.id, { requestId, ip });
    revalidate(d.key);
    return result;
  },
);

export const reorderQueueAction = defineAction(
  { name: "destinations.reorderQueue", permission: "destinations:edit", input: ZReorderQueue },
  async ({ actor, input, requestId, ip }) => {
    const d = await requireDestination(input.destinationKey);
    const order = "first" in input ? { first: input.first } : { by: input.by };
    const next = await reorderQueuedActions(actor, d.id, order, { requestId, ip });
    revalidate(d.key);
    return { waiting: next.length };
  },
);

// --- email destinations ---

export const createEmailDestinationAction = defineAction(
  {
    name: "destinations.createEmail",
    permission: "destinations:edit",
    input: ZCreateEmailDestinationForm,
  },
  async ({ actor, input, ctx }) => {
    const created = await createEmailDestination(actor, input, ctx);
    revalidate(created.key);
    return { key: created.key, name: created.name };
  },
);

// Systems of record (lib/destinations/record): the auth header's value is
// sealed by the mutation and never answered.
export const createRecordDestinationAction = defineAction(
  {
    name: "destinations.createRecord",
    permission: "destinations:edit",
    input: ZCreateRecordDestination,
  },
  async ({ actor, input, requestId, ip }) => {
    const created = await createRecordDestination(actor, input, { requestId, ip });
    revalidate(created.key);
    return { key: created.key, name: created.name };
  },
);

export const updateSmtpAction = defineAction(
  { name: "destinations.updateSmtp", permission: "destinations:edit", input: ZUpdateSmtpForm },
  async ({ actor, input, ctx }) => {
    const d = await requireDestination(input.destinationKey);
    const saved = await updateEmailSettings(actor, d.id, input.smtp, ctx);
    revalidate(d.key);
    return saved;
  },
);

export const updateRecordSettingsAction = defineAction(
  {
    name: "destinations.updateRecordSettings",
    permission: "destinations:edit",
    input: ZUpdateRecordSettings,
  },
  async ({ actor, input, requestId, ip }) => {
    const d = await requireDestination(input.destinationKey);
    const { destinationKey: _key, ...changes } = input;
    const saved = await updateRecordSettings(actor, d.id, changes, { requestId, ip });
    revalidate(d.key);
    return saved;
  },
);

export const sendTestEmailAction = defineAction(
  { name: "destinations.testEmail", permission: "destinations:edit", input: ZTestEmailInput },
  async ({ actor, input, ctx }) => {
    const d = await requireDestination(input.destinationKey);
    const result = await sendTestEmail(actor, d.id, input.to, ctx);
    revalidate(d.key);
    return result;
  },
);
