"use client";

import { useEffect, useRef, useState } from "react";

export type TLiveChanges = {
  exceptions: { id: string; status: string; reason?: string }[];
  handoffs: { id: string; status: string; mine: boolean }[];
};

/**
 * Subscribes to the server-sent change stream while the page is open. The
 * browser's EventSource reconnects by itself; `connected` drives the small
 * "live" indicator so an operator knows whether the view is current.
 */
export function useLiveChanges(onChanges: (c: TLiveChanges) => void) {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onChanges);
  useEffect(() => {
    handler.current = onChanges;
  });
  useEffect(() => {
    const source = new EventSource("/api/v1/stream");
    source.addEventListener("ready", () => setConnected(true));
    source.addEventListener("changes", (e) => {
      try {
        handler.current(JSON.parse((e as MessageEvent).data) as TLiveChanges);
      } catch {
        /* a malformed message is ignored; the next one carries the state */
      }
    });
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, []);
  return { connected };
}
