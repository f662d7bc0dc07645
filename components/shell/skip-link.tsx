/** The first stop of Tab on every page: past the navigation to the page's own content. */
export function SkipLink() {
  return (
    <a
      href="#main"
      className="ring-brand-500 sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-900 shadow-lg ring-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
    >
      Skip to content
    </a>
  );
}

/** The id the skip link jumps to; `tabIndex={-1}` on the main element lets it take focus. */
export const MAIN_ID = "main";
