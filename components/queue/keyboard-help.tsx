"use client";

import { Keyboard } from "lucide-react";
import { useEffect, useState } from "react";
import { typingInField } from "./queue-table";

const KEYS: [string, string][] = [
  ["j / k", "Next / previous row"],
  ["Enter", "Open the selected row"],
  ["a", "Approve (when possible)"],
  ["r", "Reassign"],
  ["e", "Escalate"],
  ["y", "Confirm the classifier's label (when it suggests one)"],
  ["Esc", "Close the panel"],
  ["?", "Show or hide this help"],
];

/** `?` opens the keyboard shortcuts; the button does too, for people who don't know that. */
export function KeyboardHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingInField(e)) return;
      if (e.key === "?") setOpen((o) => !o);
      if (e.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="inline-flex items-center gap-1 text-xs text-slate-500 hover:text-slate-800"
      >
        <Keyboard className="h-3.5 w-3.5" aria-hidden /> Shortcuts{" "}
        <kbd className="rounded bg-slate-100 px-1 font-mono">?</kbd>
      </button>
      {open ? (
        <div
          role="dialog"
          aria-label="Keyboard shortcuts"
          className="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/30"
          onClick={() => setOpen(false)}
        >
          <div
            className="w-80 rounded-xl bg-white p-5 shadow-xl"
            onClick={(e) => e.stopPropagation()}
          >
            <h2 className="mb-3 text-sm font-semibold">Keyboard shortcuts</h2>
            <dl className="grid grid-cols-[80px_1fr] gap-y-1.5 text-sm">
              {KEYS.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt>
                    <kbd className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{k}</kbd>
                  </dt>
                  <dd className="text-slate-700">{v}</dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
      ) : null}
    </>
  );
}
