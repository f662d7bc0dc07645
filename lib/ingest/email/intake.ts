import { simpleParser } from "mailparser";
import type { TIngestSource } from "../data";
import { acceptEvent, type TIngestResult } from "../ingest-event";
import { rejectDelivery } from "../rejections";
import { findThreadIdentity } from "./data";
import {
  emailBodyHash,
  emailIdempotencyKey,
  emailPayload,
  fitPayload,
  threadIds,
  withIdentity,
} from "./message";

/** The commit step, replaceable in tests (default: acceptEvent, which resolves after the durable commit). */
export type TAccept = typeof acceptEvent;

export type TEmailChannel = "smtp" | "imap";

/**
 * One raw message for one source → one event: parsed (mailparser), its
 * identity set — a reply takes the identity of the earlier message it
 * answers (In-Reply-To, then References), looked up by Message-ID among the
 * source's events, so it lands on the same record even from another address
 * — then committed through acceptEvent. Resolves only after the commit;
 * throws what acceptEvent throws (429 full, 422 Message-ID reused with other
 * content) or a storage error.
 */
export async function acceptEmail(input: {
  source: TIngestSource;
  raw: Buffer;
  channel: TEmailChannel;
  headers?: Record<string, string>;
  requestId?: string;
  accept?: TAccept;
}): Promise<TIngestResult> {
  const { source, raw, requestId } = input;
  const mail = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  const base = emailPayload(mail);
  const thread = await findThreadIdentity(source.id, threadIds(base));
  const payload = fitPayload(withIdentity(base, thread), source.maxBodyBytes);
  if (payload === null) {
    throw rejectDelivery(
      source,
      "PAYLOAD_TOO_LARGE",
      `The message's headers alone are over this source's limit of ${source.maxBodyBytes} bytes`,
      { requestId },
    );
  }
  return (input.accept ?? acceptEvent)({
    source,
    idempotencyKey: emailIdempotencyKey(base.messageId, raw),
    bodyHash: emailBodyHash(base),
    payload,
    headers: { "x-baton-channel": input.channel, ...input.headers },
    requestId,
  });
}
