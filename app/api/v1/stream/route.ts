import { withApi } from "@/lib/server/api";
import { changeFeed, type TChange } from "@/lib/server/change-feed";

export const dynamic = "force-dynamic";

/**
 * Server-sent events for the live queue and inbox: `changes` messages carry
 * the exceptions and handoffs that changed and are visible to the caller
 * (agents: their own and their team's). The page decides how to show them.
 */
export const GET = withApi({ permission: "queue:view" }, async ({ req, actor }) => {
  const visible = (c: TChange) =>
    actor.role !== "AGENT" ||
    c.ownerId === actor.id ||
    (actor.teamId !== null && c.teamId === actor.teamId);
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
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
      cleanup = () => {
        clearInterval(ping);
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
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
