/**
 * The first stop of Tab on every page: past the navigation to the page's own
 * content. Off screen until focused (not sr-only, whose padding reset would
 * squash it when shown).
 */
export function SkipLink() {
  return (
    <a
      href="#main"
      className="ring-brand-500 fixed top-2 left-2 z-50 -translate-y-24 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-900 shadow-lg ring-2 focus:translate-y-0"
    >
      Skip to content
    </a>
  );
}

/** The id the skip link jumps to; `tabIndex={-1}` on the main element lets it take focus. */
export const MAIN_ID = "main";
