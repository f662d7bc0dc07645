import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";

export const PASSWORD = "baton-demo";
export const ROLES = {
  admin: "admin@example.com",
  manager: "manager@example.com",
  agent: "agent@example.com",
} as const;
export type TRoleName = keyof typeof ROLES;

export const storageState = (role: TRoleName) => `e2e/.auth/${role}.json`;

/** A unique suffix so parallel specs never collide on emails or names. */
export function unique(prefix = "t") {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

/** Signs in through next-auth's credentials endpoint, as the sign-in form does. */
export async function apiSignIn(
  request: APIRequestContext,
  email: string,
  password = PASSWORD,
  ip?: string,
) {
  const csrf = await (await request.get("/api/auth/csrf")).json();
  return request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email, password, json: "true" },
    headers: ip ? { "x-forwarded-for": ip } : undefined,
    maxRedirects: 0,
  });
}

/** Signs in through the form, like a person. */
export async function uiSignIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
}

/**
 * Standard Webhooks headers for a body, as a sender signs them: one clock
 * reading for both the timestamp header and the signature (two readings a
 * second boundary apart make a valid-looking request that is rightly refused).
 */
export function signedHeaders(secret: string, body: string, msgId = `msg_${unique()}`) {
  const signedAt = new Date();
  return {
    "content-type": "application/json",
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(signedAt.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(msgId, signedAt, body),
  };
}

/** Posts a Standard Webhooks-signed event to a source; answers the response. */
export async function postSignedEvent(
  request: APIRequestContext,
  sourceKey: string,
  secret: string,
  payload: object,
) {
  const body = JSON.stringify(payload);
  return request.post(`/api/v1/sources/${sourceKey}/events`, {
    headers: signedHeaders(secret, body),
    data: Buffer.from(body),
  });
}

/** A fresh source with no workflow: every event posted to it becomes a NO_ROUTE exception. */
export async function createBareSource(adminRequest: APIRequestContext) {
  const key = unique("src-").toLowerCase();
  const res = await adminRequest.post("/api/v1/sources", { data: { key, name: `E2E ${key}` } });
  expect(res.status()).toBe(201);
  const body = await res.json();
  return { key, id: body.id as string, secret: body.signingSecret as string };
}

export const webFormSecretFile = "e2e/.auth/web-form-secret.json";

/** Waits until the event has an exception (the worker takes a second or so) and answers it. */
export async function exceptionFor(request: APIRequestContext, eventId: string) {
  let found: { id: string; reason: string } | undefined;
  await expect
    .poll(
      async () => {
        const ev = await (await request.get(`/api/v1/events/${eventId}`)).json();
        found = ev.outcome?.exceptions?.[0];
        return found?.id ?? null;
      },
      { timeout: 20_000 },
    )
    .not.toBeNull();
  const detail = await (await request.get(`/api/v1/exceptions/${found!.id}`)).json();
  return {
    id: found!.id,
    reason: found!.reason,
    version: detail.exception.version as number,
  };
}

/**
 * Hands a person a new lead, as an admin does: an event on a fresh source
 * with no workflow (so a NO_ROUTE exception), reassigned to `ownerId`.
 */
export async function handLeadTo(
  admin: APIRequestContext,
  ownerId: string,
  lead: { email: string; company: string },
) {
  const src = await createBareSource(admin);
  const res = await postSignedEvent(admin, src.key, src.secret, lead);
  expect(res.status()).toBe(202);
  const x = await exceptionFor(admin, (await res.json()).eventId);
  const act = await admin.post(`/api/v1/exceptions/${x.id}/actions`, {
    data: { action: "reassign", ownerId, version: x.version },
  });
  expect(act.status(), await act.text()).toBe(200);
  return { exceptionId: x.id };
}

/** A user's id by email, read through the REST API. */
export async function userId(admin: APIRequestContext, email: string): Promise<string> {
  const res = await admin.get(`/api/v1/users?q=${encodeURIComponent(email)}`);
  return (await res.json()).data.find((u: { email: string }) => u.email === email).id;
}

/**
 * A published workflow on `sourceId` that hands every event to `ownerId`,
 * calling `actions` (e.g. a webhook to a destination) after each handoff.
 */
export async function publishedWorkflow(
  admin: APIRequestContext,
  name: string,
  sourceId: string,
  ownerId: string,
  actions: object[] = [],
) {
  const created = await admin.post("/api/v1/workflows", { data: { name, sourceId } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const saved = await admin.patch(`/api/v1/workflows/${id}`, {
    data: {
      definition: {
        filter: null,
        requiredFields: [],
        rules: [
          {
            id: "all",
            name: "Everyone",
            when: null,
            assign: { strategy: "named", userId: ownerId },
          },
        ],
        sla: { acceptWithinMinutes: 60 },
        actions,
        outcomes: ["contacted", "qualified", "disqualified"],
      },
    },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  const published = await admin.post(`/api/v1/workflows/${id}/publish`, { data: { note: "e2e" } });
  expect(published.status(), await published.text()).toBe(201);
  return id;
}
