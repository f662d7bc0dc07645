"use client";

import clsx from "clsx";
import { Menu, X } from "lucide-react";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";

/**
 * The sidebar: a fixed column from the md breakpoint up; on a phone a top bar
 * whose menu button opens the navigation below it (closed again on every
 * navigation). One copy of the navigation either way, so the bell's live
 * stream and the test ids exist once.
 */
export function SidebarFrame({ brand, children }: { brand: ReactNode; children: ReactNode }) {
  // Open on the page it was opened on: navigating elsewhere closes it.
  const pathname = usePathname();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  return (
    <aside className="sticky top-0 z-20 flex max-h-screen shrink-0 flex-col overflow-y-auto bg-slate-900 px-3 py-3 text-slate-100 md:h-screen md:w-60 md:py-4">
      <div className="flex items-center gap-2 md:mb-6">
        <div className="flex flex-1 items-center justify-between pr-1 pl-3">{brand}</div>
        <button
          type="button"
          className="rounded-md p-2 text-slate-300 hover:bg-slate-800 hover:text-white md:hidden"
          aria-expanded={open}
          aria-controls="app-navigation"
          onClick={() => setOpenOn(open ? null : pathname)}
        >
          {open ? <X className="h-5 w-5" aria-hidden /> : <Menu className="h-5 w-5" aria-hidden />}
          <span className="sr-only">{open ? "Close menu" : "Menu"}</span>
        </button>
      </div>
      <div
        id="app-navigation"
        className={clsx("min-h-0 flex-1 flex-col pt-3 md:flex md:pt-0", open ? "flex" : "hidden")}
      >
        {children}
      </div>
    </aside>
  );
}
