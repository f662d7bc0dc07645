import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { startMailboxSupervisor } from "./mailbox-supervisor";
import { startConfiguredSmtpListener } from "./smtp-listener";

/**
 * Inbound email for the production server (server.ts, the web process): the
 * SMTP listener when BATON_SMTP_PORT is set, and the IMAP pollers unless
 * BATON_MAILBOX_POLLING=0. Both are intake, like the HTTP ingest path beside
 * them: they only parse and commit (through the same group-commit queue this
 * process owns), while the worker, a separate and lower-priority process
 * that may run in many copies, does the planning. Returns the stop function,
 * which closes the listener (answered messages are committed already) and
 * the pollers (a message in flight is fetched again next time, a duplicate).
 */
export async function startEmailIntake(): Promise<() => Promise<void>> {
  const smtp = await startConfiguredSmtpListener();
  if (smtp) {
    console.log(`▲ Baton SMTP listener on ${env.BATON_SMTP_HOST}:${smtp.port}`);
  }
  const pollers = env.BATON_MAILBOX_POLLING ? startMailboxSupervisor() : null;
  return async () => {
    await Promise.allSettled([smtp?.close(), pollers?.stop()]).then((results) => {
      for (const r of results) {
        if (r.status === "rejected") logger.warn({ err: r.reason }, "email intake: stop failed");
      }
    });
  };
}
