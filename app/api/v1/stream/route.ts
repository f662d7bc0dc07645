import type { TActor } from "@/lib/server/auth/actor";
import { recheckActor } from "@/lib/server/auth/current-user";
import { withApi } from "@/lib/server/api";
import { changeFeed, type TChange } from "@/lib/server/change-feed";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { can } from "@/lib/server/auth/permissions";

export const dynamic = "force-dynamic";

/**
 * Server-sent events for the live queue and inbox: `changes` messages carry
 * the exceptions and handoffs that changed and are visible to the caller
 * (agents: their own and their team's). The page decides how to show them.
 *
 * Access is checked when the stream opens and again every
 * BATON_STREAM_RECHECK_MS (session row or token still valid, user active,
 * role still allowed; visibility follows the current team), and the stream
 * closes after BATON_STREAM_MAX_MS whatever happens: the browser's
 * EventSource reconnects, through the full check, or gets its 401.
 */
export const GET = withApi({ permission: "queue:view" }, async ({ req, actor: opened }) => {
  let actor: TActor = opened;
  const visible = (c: TChange) =>
    actor.role !== "AGENT" ||
    c.ownerId === actor.id ||
    (actor.teamId !== null && c.teamId === actor.teamId);
  const encoder = new TextEncoder();
  let closed = false;
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send(`retry: 2000\nevent: ready\ndata: {}\n\n`);
      const unsubscribe = changeFeed.subscribe((changes) => {
        const mine = changes.filter(visible);
        if (mine.length === 0) return;
        const payload = {
          exceptions: mine
            .filter((c) => c.kind === "exception")
            .map(({ id, status, reason }) => ({ id, status, reason })),
          handoffs: mine
            .filter((c) => c.kind === "handoff")
            .map(({ id, status, ownerId }) => ({ id, status, mine: ownerId === actor.id })),
        };
        send(`event: changes\ndata: ${JSON.stringify(payload)}\n\n`);
      });
      // Comments keep proxies from closing an idle stream.
      const ping = setInterval(() => send(`: ping\n\n`), 15_000);
      const recheck = setInterval(async () => {
        // A failed check (database down) closes too: fail closed, the client reconnects.
        const current = await recheckActor(actor).catch((err: unknown) => {
          logger.warn({ err }, "live stream re-check failed");
          return null;
        });
        // A pending password change (an admin reset) refuses every other call, so the stream too.
        if (!current || current.mustChangePassword || !can(current, "queue:view")) cleanup();
        else actor = current;
      }, env.BATON_STREAM_RECHECK_MS);
      const lifetime = setTimeout(() => cleanup(), env.BATON_STREAM_MAX_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        clearInterval(recheck);
        clearTimeout(lifetime);
        unsubscribe();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      req.signal.addEventListener("abort", () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
