"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";
import { cn } from "./cn";

/** True when Escape would throw away something typed: a text field with a value. */
function editingText(target: EventTarget | null) {
  const t = target as HTMLInputElement | HTMLTextAreaElement | null;
  if (!t || !["INPUT", "TEXTAREA"].includes(t.tagName)) return false;
  if (t.tagName === "INPUT" && ["checkbox", "radio", "button", "submit"].includes(t.type)) {
    return false;
  }
  return t.value !== "";
}

/**
 * The one behaviour of a detail panel beside a list (the queue's exception, the
 * inbox's handoff): it takes focus when it opens, so a keyboard or screen
 * reader user lands in it rather than on <body>; Escape closes it (to
 * `closeHref`, the list's URL without `?open=`); and on close focus goes back
 * to the row it was opened from (`data-row-id`), so the list keeps its place
 * (or to the page's main content when that row is gone).
 */
export function DetailPanel({
  closeHref,
  itemId,
  className,
  children,
  ...aria
}: {
  closeHref: string;
  /** The row that opened it: where focus returns on close. */
  itemId?: string;
  className?: string;
  children: ReactNode;
  "aria-label"?: string;
  "aria-labelledby"?: string;
  "data-testid"?: string;
}) {
  const router = useRouter();
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    const panel = ref.current;
    panel?.focus({ preventScroll: true });
    return () => {
      // Unmounted: closed, or replaced by another item's panel (which focuses
      // itself first). Only a focus left on nothing goes back to the row.
      requestAnimationFrame(() => {
        const lost = document.activeElement === document.body || !document.activeElement;
        if (!lost) return;
        const row = itemId
          ? document.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(itemId)}"]`)
          : null;
        // The row may have left the list (resolved under an "open" filter): the
        // page's content, then, rather than the top of the document.
        (
          row?.querySelector<HTMLElement>("a[href], button") ??
          row ??
          document.getElementById("main")
        )?.focus({ preventScroll: !row });
      });
    };
  }, [itemId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      // A modal dialog or a half-typed note has the Escape first.
      if (document.querySelector("dialog[open]") || editingText(e.target)) return;
      e.preventDefault();
      router.push(closeHref, { scroll: false });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [closeHref, router]);

  return (
    <aside ref={ref} tabIndex={-1} className={cn("focus:outline-none", className)} {...aria}>
      {children}
    </aside>
  );
}
