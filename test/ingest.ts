import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { createSource } from "@/lib/sources/mutations";
import type { TCreateSource } from "@/lib/sources/schema";
import { makeUser, uniq } from "./factories";

/** A source made through the real mutation, with its (generated) signing secret. */
export async function makeSource(extra: Omit<Partial<TCreateSource>, "secret"> = {}) {
  const { actor } = await makeUser("ADMIN");
  return createSource(actor, { key: uniq("src-"), name: uniq("Source "), ...extra });
}

export const newMsgId = () => `msg_${randomBytes(9).toString("base64url")}`;

type TSignOpts = {
  id?: string;
  at?: Date;
  secret?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
};

/** Standard Webhooks headers for a body, signed as a sender would. */
export function signedHeaders(secret: string, body: string | Buffer, opts: TSignOpts = {}) {
  const id = opts.id ?? newMsgId();
  const at = opts.at ?? new Date();
  const h = new Headers({
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(opts.secret ?? secret).sign(id, at, body),
    "user-agent": "baton-tests",
  });
  if (opts.contentType !== null) h.set("content-type", opts.contentType ?? "application/json");
  for (const [k, v] of Object.entries(opts.headers ?? {})) h.set(k, v);
  return h;
}

/** A signed POST to a source's events endpoint. */
export function signedRequest(
  source: { key: string; signingSecret: string },
  body: string | Buffer,
  opts: TSignOpts = {},
) {
  return new Request(`http://localhost/api/v1/sources/${source.key}/events`, {
    method: "POST",
    headers: signedHeaders(source.signingSecret, body, opts),
    body: new Uint8Array(typeof body === "string" ? Buffer.from(body) : body),
  });
}
