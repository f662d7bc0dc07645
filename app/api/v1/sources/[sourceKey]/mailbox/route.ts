import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";
import { AppError } from "@/lib/server/errors";
import { getEmailSettings } from "@/lib/ingest/email/data";
import { deleteMailbox, setMailbox } from "@/lib/ingest/email/mutations";
import { ZMailboxInput, type TMailboxInput } from "@/lib/ingest/email/schema";
import { getSourceByKey } from "@/lib/sources/data";

type TParams = { sourceKey: string };
const notFound = () => new AppError({ code: "NOT_FOUND", message: "No such source" });

// The source's email intake: its listener address, accepts-email, and the
// IMAP mailbox it polls (never the password).
export const GET = withApi<undefined, undefined, TParams>(
  { permission: "sources:view" },
  async ({ params }) => {
    const settings = await getEmailSettings(params.sourceKey);
    if (!settings) throw notFound();
    return settings;
  },
);

// Sets the mailbox (the password may be left out to keep the stored one).
export const PUT = withApi<TMailboxInput, undefined, TParams>(
  { permission: "sources:edit", body: ZMailboxInput, maxBodyBytes: 16_384 },
  async ({ req, actor, body, params, requestId }) => {
    const source = await getSourceByKey(params.sourceKey);
    if (!source) throw notFound();
    await setMailbox(actor, source.id, body, { requestId, ip: clientIp(req.headers) });
    return (await getEmailSettings(source.key))!;
  },
);

export const DELETE = withApi<undefined, undefined, TParams>(
  { permission: "sources:edit" },
  async ({ req, actor, params, requestId }) => {
    const source = await getSourceByKey(params.sourceKey);
    if (!source) throw notFound();
    await deleteMailbox(actor, source.id, { requestId, ip: clientIp(req.headers) });
    return (await getEmailSettings(source.key))!;
  },
);
