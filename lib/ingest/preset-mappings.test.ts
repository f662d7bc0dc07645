import { describe, expect, it } from "vitest";
import { understand } from "@/lib/engine/plan/understand";
import { ZFieldMapping, ZIdentityMapping } from "@/lib/sources/schema";
import { decodeBody } from "./body-formats";
import { EMAIL_CHANNEL_MAPPINGS, presetMappings, withPresetMappings } from "./preset-mappings";

/** Runs the engine's Understand step with a preset's default mappings. */
function understood(preset: string, payload: Record<string, unknown>) {
  const m = presetMappings(preset);
  if (!m) throw new Error(`no defaults for ${preset}`);
  const r = understand(
    {
      key: `src-${preset}`,
      contract: null,
      identityMapping: m.identityMapping,
      fieldMapping: m.fieldMapping,
    },
    payload,
  );
  if (!r.ok) throw new Error(`${preset}: ${JSON.stringify(r)}`);
  return r;
}

describe("preset default mappings", () => {
  it("every default passes the source schema (what the mapping form saves)", () => {
    for (const preset of [
      "typeform",
      "stripe",
      "hubspot-v3",
      "calendly",
      "shopify",
      "github",
      "twilio",
      "slack",
    ]) {
      const m = presetMappings(preset)!;
      expect(m, preset).not.toBeNull();
      expect(ZIdentityMapping.safeParse(m.identityMapping).success, preset).toBe(true);
      expect(ZFieldMapping.safeParse(m.fieldMapping).error?.issues ?? [], preset).toEqual([]);
    }
    expect(ZIdentityMapping.safeParse(EMAIL_CHANNEL_MAPPINGS.identityMapping).success).toBe(true);
  });

  it("has none for senders whose payload is their own", () => {
    for (const preset of ["standard-webhooks", "hmac", "token", "constructor", "", null]) {
      expect(presetMappings(preset)).toBeNull();
    }
  });

  it("Typeform: answers by field ref, else by type", () => {
    const r = understood("typeform", {
      event_id: "01HX",
      event_type: "form_response",
      form_response: {
        form_id: "lT4Z3j",
        hidden: {},
        answers: [
          {
            type: "text",
            text: "Ada Lovelace",
            field: { id: "x1", type: "short_text", ref: "f6c1d2" },
          },
          {
            type: "email",
            email: "Ada@Example.com",
            field: { id: "x2", type: "email", ref: "9a4e" },
          },
          {
            type: "phone_number",
            phone_number: "+442071234567",
            field: { id: "x3", type: "phone_number", ref: "p" },
          },
          {
            type: "text",
            text: "Analytical Engines Ltd",
            field: { id: "x4", type: "short_text", ref: "company" },
          },
        ],
      },
    });
    expect(r.identityKey).toBe("email:ada@example.com");
    expect(r.fields).toMatchObject({
      name: "Ada Lovelace",
      company: "Analytical Engines Ltd",
      phone: "+442071234567",
    });
  });

  it("Stripe: checkout session, invoice and customer objects", () => {
    const session = understood("stripe", {
      id: "evt_1",
      type: "checkout.session.completed",
      data: {
        object: {
          object: "checkout.session",
          customer: "cus_9",
          customer_details: { email: "b@x.io", name: "Bo", phone: null },
        },
      },
    });
    expect(session.identityKey).toBe("email:b@x.io");
    expect(session.fields.name).toBe("Bo");
    const invoice = understood("stripe", {
      id: "evt_2",
      type: "invoice.paid",
      data: {
        object: {
          object: "invoice",
          customer: "cus_9",
          customer_email: "c@x.io",
          customer_name: "Cy",
        },
      },
    });
    expect(invoice.identityKey).toBe("email:c@x.io");
    const customer = understood("stripe", {
      id: "evt_3",
      type: "customer.created",
      data: { object: { object: "customer", id: "cus_7", email: null, name: "Di" } },
    });
    expect(customer.identityKey).toBe("ext:src-stripe:cus_7");
    expect(customer.fields.name).toBe("Di");
  });

  it("HubSpot: every event of a contact stitches on objectId", () => {
    const base = { eventId: 1, subscriptionId: 2, portalId: 3, occurredAt: 1, objectId: 1246965 };
    const a = understood("hubspot-v3", {
      ...base,
      subscriptionType: "contact.propertyChange",
      propertyName: "email",
      propertyValue: "d@x.io",
    });
    const b = understood("hubspot-v3", {
      ...base,
      eventId: 2,
      subscriptionType: "contact.creation",
    });
    expect(a.identityKey).toBe("ext:src-hubspot-v3:1246965");
    expect(b.identityKey).toBe(a.identityKey);
  });

  it("Calendly invitee, Shopify order, GitHub sender, Slack user", () => {
    const cal = understood("calendly", {
      event: "invitee.created",
      payload: { email: "e@x.io", name: "Eve Example", text_reminder_number: "+15551230000" },
    });
    expect(cal).toMatchObject({
      identityKey: "email:e@x.io",
      fields: { name: "Eve Example", phone: "+15551230000" },
    });

    const order = understood("shopify", {
      id: 820982911946154500,
      name: "#9999",
      email: "f@x.io",
      phone: null,
      customer: {
        id: 115310627314723950,
        first_name: "Fay",
        last_name: "Fields",
        phone: "+16135550135",
      },
      billing_address: { company: "Fields & Co" },
    });
    expect(order).toMatchObject({
      identityKey: "email:f@x.io",
      fields: { name: "Fay Fields", company: "Fields & Co", phone: "+16135550135" },
    });

    const gh = understood("github", { action: "opened", sender: { login: "octocat", id: 1 } });
    expect(gh).toMatchObject({ identityKey: "ext:src-github:1", fields: { name: "octocat" } });

    const slack = understood("slack", {
      type: "event_callback",
      event_id: "Ev1",
      event: { type: "message", user: "U061F7AUR", text: "hi" },
    });
    expect(slack.identityKey).toBe("ext:src-slack:U061F7AUR");
  });

  it("Twilio: a form-encoded SMS stitches on the sender's number", async () => {
    const body = Buffer.from(
      "MessageSid=SM1&From=%2B15557654321&To=%2B15550001111&Body=Need+a+quote",
    );
    const decoded = await decodeBody("application/x-www-form-urlencoded", body);
    if (!decoded.ok || Array.isArray(decoded.value)) throw new Error("decode failed");
    const r = understood("twilio", decoded.value);
    expect(r).toMatchObject({
      identityKey: "ext:src-twilio:+15557654321",
      fields: { phone: "+15557654321" },
    });
  });
});

describe("withPresetMappings", () => {
  it("fills only what the input leaves out", () => {
    const filled = withPresetMappings("calendly", { key: "k" });
    expect(filled.identityMapping).toEqual({ email: "payload.email" });
    expect(filled.fieldMapping).toMatchObject({ name: "payload.name" });
    const own = withPresetMappings("calendly", { key: "k", identityMapping: { email: "who" } });
    expect(own.identityMapping).toEqual({ email: "who" });
    expect(withPresetMappings("standard-webhooks", { key: "k" })).toEqual({ key: "k" });
  });
});
