import type { TPresetId } from "./verify/types";

/**
 * Default identity and field mappings per verification preset: what a
 * source created with a preset (and no mapping of its own) reads, so identity
 * stitching and rules work without hand-written paths. Each path follows the
 * provider's documented payload (mapping syntax: lib/ingest/mapping-path.ts;
 * `a | b` takes the first that has a value, `[k=v]` picks an element by key
 * or guards an object). An admin can change them on the source page.
 *
 * Identity is the normalised email when one is found, else the external id,
 * so a preset maps an email only where every event of a person carries it;
 * where only some do (HubSpot property changes, GitHub) it maps the sender's
 * stable id alone, so all of one person's events land on one record.
 */

export type TPresetMappings = {
  identityMapping: { email?: string; externalId?: string };
  fieldMapping: { email?: string; name?: string; company?: string; phone?: string };
};

const TYPEFORM_ANSWERS = "form_response.answers";

/** Typeform: answers picked by field ref (`email`, `name`, …), else by answer type. */
const typeform: TPresetMappings = {
  identityMapping: {
    email: `${TYPEFORM_ANSWERS}[field.ref=email].email | ${TYPEFORM_ANSWERS}[type=email].email | form_response.hidden.email`,
  },
  fieldMapping: {
    name: `${TYPEFORM_ANSWERS}[field.ref=name].text | ${TYPEFORM_ANSWERS}[field.type=short_text].text`,
    company: `${TYPEFORM_ANSWERS}[field.ref=company].text`,
    phone: `${TYPEFORM_ANSWERS}[type=phone_number].phone_number`,
  },
};

/**
 * Stripe: an event's `data.object` is a Checkout Session (`customer_details`),
 * an Invoice (`customer_email`, `customer_name`), a Charge or PaymentMethod
 * (`billing_details`) or a Customer (`email`, `name`, guarded by `object`).
 */
const stripe: TPresetMappings = {
  identityMapping: {
    email:
      "data.object.customer_details.email | data.object.customer_email | data.object.billing_details.email | data.object.receipt_email | data.object[object=customer].email",
    externalId: "data.object.customer | data.object[object=customer].id",
  },
  fieldMapping: {
    name: "data.object.customer_details.name | data.object.customer_name | data.object.billing_details.name | data.object[object=customer].name",
    company: "data.object.customer_details.business_name",
    phone:
      "data.object.customer_details.phone | data.object.customer_phone | data.object.billing_details.phone | data.object[object=customer].phone",
  },
};

/** HubSpot webhooks API: one event per element, `objectId` is the contact (or other object). */
const hubspot: TPresetMappings = {
  identityMapping: { externalId: "objectId" },
  fieldMapping: {},
};

/** Calendly `invitee.created` / `invitee.canceled`: the invitee is `payload`. */
const calendly: TPresetMappings = {
  identityMapping: { email: "payload.email" },
  fieldMapping: {
    name: "payload.name",
    phone: "payload.text_reminder_number",
  },
};

/** Shopify: orders carry `email` and `customer`; `customers/*` topics are the customer itself. */
const shopify: TPresetMappings = {
  identityMapping: {
    email: "email | customer.email | contact_email",
    externalId: "customer.id | admin_graphql_api_id",
  },
  fieldMapping: {
    name: "{customer.first_name | first_name | billing_address.first_name} {customer.last_name | last_name | billing_address.last_name}",
    company: "billing_address.company | default_address.company | customer.default_address.company",
    phone: "phone | customer.phone | billing_address.phone",
  },
};

/** GitHub: every event names its `sender` (a user account). */
const github: TPresetMappings = {
  identityMapping: { externalId: "sender.id" },
  fieldMapping: { name: "sender.login" },
};

/** Twilio Messaging: form fields `From` (the texter's number) and `Body`. */
const twilio: TPresetMappings = {
  identityMapping: { externalId: "From" },
  fieldMapping: { phone: "From" },
};

/** Slack Events API: `event.user` is the member who acted. */
const slack: TPresetMappings = {
  identityMapping: { externalId: "event.user" },
  fieldMapping: {},
};

const DEFAULTS: Partial<Record<TPresetId, TPresetMappings>> = {
  typeform,
  stripe,
  "hubspot-v3": hubspot,
  calendly,
  shopify,
  github,
  twilio,
  slack,
};

/**
 * The email channel's payload (lib/ingest/email/message.ts) already carries
 * `email` and `name`, the engine's default paths; spelled out here so the
 * source page can show them.
 */
export const EMAIL_CHANNEL_MAPPINGS: TPresetMappings = {
  identityMapping: { email: "email | from.address" },
  fieldMapping: { name: "name | from.name" },
};

/**
 * A preset's default mappings, or null for presets whose payloads are the
 * sender's own (Standard Webhooks, generic HMAC, secret token): those keep the
 * engine's defaults (`email`, `name`, `company`, `phone`).
 */
export function presetMappings(preset: string | null | undefined): TPresetMappings | null {
  if (!preset || !Object.prototype.hasOwnProperty.call(DEFAULTS, preset)) return null;
  const m = DEFAULTS[preset as TPresetId]!;
  return {
    identityMapping: { ...m.identityMapping },
    fieldMapping: { ...m.fieldMapping },
  };
}

/** The name the source mutations call: a preset's default mappings, or null. */
export const defaultMappingsFor = presetMappings;

/**
 * The mappings a new source gets: its own when given, else its preset's.
 * An explicit mapping (even an empty object) wins, field by field set.
 */
export function withPresetMappings<T extends object>(
  preset: string | null | undefined,
  input: T & { identityMapping?: unknown; fieldMapping?: unknown },
): T & Partial<TPresetMappings> {
  const defaults = presetMappings(preset);
  if (!defaults) return input as T & Partial<TPresetMappings>;
  return {
    ...input,
    identityMapping: input.identityMapping ?? defaults.identityMapping,
    fieldMapping:
      input.fieldMapping ??
      (Object.keys(defaults.fieldMapping).length > 0 ? defaults.fieldMapping : undefined),
  };
}
