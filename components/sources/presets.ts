import type { TPresetId } from "@/lib/ingest/verify/types";

/**
 * What the source page says per verification preset: where the sender's
 * settings are, what to paste where, which events to tick. `secret` says who
 * makes the secret: Baton (shown once after saving), the provider (paste it
 * here), or the user (type the same value on both sides).
 */
export type TPresetGuide = {
  id: TPresetId;
  label: string;
  secret: "baton" | "provider" | "user" | "none";
  /** Where the secret comes from, for the "paste the secret" field. */
  secretHint?: string;
  /** The steps in the sender's settings; `{url}` is replaced by the endpoint. */
  steps: string[];
  /** When the signature covers the public URL, which one must be typed exactly. */
  signsUrl?: true;
};

export const PRESET_GUIDES: TPresetGuide[] = [
  {
    id: "standard-webhooks",
    label: "Standard Webhooks (also Svix)",
    secret: "baton",
    steps: [
      "In the sender's webhook settings, add an endpoint with the URL {url}.",
      "Paste the signing secret Baton showed when the source was created (whsec_…); rotate it under Settings.",
      "Deliveries carry webhook-id / webhook-timestamp / webhook-signature (or the svix-* names).",
    ],
  },
  {
    id: "stripe",
    label: "Stripe",
    secret: "provider",
    secretHint: "Stripe shows the endpoint's signing secret (whsec_…) after you add the endpoint.",
    steps: [
      "Stripe Dashboard → Developers → Webhooks → Add endpoint; Endpoint URL: {url}.",
      "Select events, e.g. checkout.session.completed, customer.created, invoice.paid.",
      "Open the endpoint, reveal its Signing secret and paste it here. Stripe signs with Stripe-Signature (t=…,v1=…); deliveries older than 5 minutes are refused.",
    ],
  },
  {
    id: "github",
    label: "GitHub",
    secret: "user",
    secretHint:
      "Type a long random string here and the same in GitHub's Secret field, or leave empty and Baton makes one (shown once).",
    steps: [
      "Repository or organisation → Settings → Webhooks → Add webhook; Payload URL: {url}.",
      "Content type: application/json. Secret: the same value you paste here.",
      "Choose the events (e.g. Issues, Pull requests). Each delivery's X-GitHub-Delivery is its idempotency key.",
    ],
  },
  {
    id: "shopify",
    label: "Shopify",
    secret: "provider",
    secretHint:
      "Settings → Notifications → Webhooks shows “Your webhooks will be signed with …”; for an app, its client secret.",
    steps: [
      "Shopify admin → Settings → Notifications → Webhooks → Create webhook.",
      "Event: e.g. Customer creation, Order creation; Format: JSON; URL: {url}.",
      "Paste the signing key shown under the webhook list here (X-Shopify-Hmac-Sha256).",
    ],
  },
  {
    id: "hubspot-v3",
    label: "HubSpot (signature v3)",
    secret: "provider",
    secretHint: "Your HubSpot app's Client secret (app settings → Auth).",
    signsUrl: true,
    steps: [
      "HubSpot developer account → your app → Webhooks; Target URL: {url} (exactly this, HubSpot signs the full URL).",
      "Create subscriptions, e.g. contact.creation and contact.propertyChange (email).",
      "Paste the app's Client secret here. HubSpot batches events; each becomes one event keyed by its eventId.",
    ],
  },
  {
    id: "typeform",
    label: "Typeform",
    secret: "user",
    secretHint:
      "Type a long random string here and the same in the webhook's Secret, or leave empty and Baton makes one (shown once).",
    steps: [
      "Your form → Connect → Webhooks → Add a webhook; Endpoint: {url}.",
      "Edit the webhook, turn on Secret and enter the same value you paste here (Typeform-Signature).",
      "Give the email question the field reference “email” (and “name”, “company”) so the default mapping finds them.",
    ],
  },
  {
    id: "calendly",
    label: "Calendly",
    secret: "user",
    secretHint:
      "The signing_key you give the webhook subscription; leave empty and Baton makes one (shown once).",
    steps: [
      "Create a webhook subscription (POST https://api.calendly.com/webhook_subscriptions) with url {url}, events invitee.created and invitee.canceled, and signing_key: the secret here.",
      "Calendly signs each delivery with Calendly-Webhook-Signature (t=…,v1=…); deliveries older than 3 minutes are refused.",
    ],
  },
  {
    id: "slack",
    label: "Slack (Events API)",
    secret: "provider",
    secretHint: "Your Slack app → Basic Information → Signing Secret.",
    steps: [
      "Slack app → Event Subscriptions → Enable; Request URL: {url}. Baton answers the url_verification challenge.",
      "Subscribe to bot events, e.g. message.channels, app_mention.",
      "Paste the app's Signing Secret here (X-Slack-Signature v0).",
    ],
  },
  {
    id: "twilio",
    label: "Twilio",
    secret: "provider",
    secretHint: "Twilio Console → Account → API keys & tokens → Auth Token.",
    signsUrl: true,
    steps: [
      "Twilio Console → Phone Numbers → your number → Messaging → “A message comes in”: Webhook, HTTP POST, {url} (exactly this, Twilio signs the full URL).",
      "Paste your account's Auth Token here (X-Twilio-Signature). Messages arrive form-encoded: From, To, Body.",
    ],
  },
  {
    id: "hmac",
    label: "Generic HMAC",
    secret: "user",
    secretHint:
      "The shared secret the sender signs with; leave empty and Baton makes one (shown once).",
    steps: [
      "Point the sender at {url}.",
      "Set the header, algorithm, encoding and prefix below to match how it signs the body.",
    ],
  },
  {
    id: "token",
    label: "Secret token (URL or header)",
    secret: "baton",
    steps: [
      "For senders that cannot sign (Jotform, Zapier or Make HTTP steps, Google Forms scripts).",
      "Use {url}?token=<the token> (or the parameter name, header or …/events/<token> path set in the options) with the token Baton shows once after saving.",
      "Rotate it under Settings; the old token keeps working during the overlap you choose.",
    ],
  },
];

export function presetGuide(id: string | null | undefined): TPresetGuide {
  return PRESET_GUIDES.find((g) => g.id === id) ?? PRESET_GUIDES[0];
}
