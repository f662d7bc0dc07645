/** The inbox's frame while the list loads: same header and tabs, grey rows instead of data. */
export default function InboxLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading your handoffs…</span>
      <div className="mb-6" aria-hidden>
        <div className="h-8 w-48 rounded bg-slate-200" />
        <div className="mt-2 h-4 w-96 rounded bg-slate-100" />
      </div>
      <div className="mb-4 flex gap-4 border-b border-slate-200 pb-2" aria-hidden>
        <div className="h-5 w-14 rounded bg-slate-200" />
        <div className="h-5 w-16 rounded bg-slate-100" />
        <div className="h-5 w-24 rounded bg-slate-100" />
      </div>
      <div
        className="animate-pulse overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
        aria-hidden
      >
        <div className="h-9 border-b border-slate-200 bg-slate-50" />
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="flex items-center gap-6 border-b border-slate-100 px-4 py-3">
            <div className="flex-1 space-y-1.5">
              <div className="h-4 w-40 rounded bg-slate-200" />
              <div className="h-3 w-64 rounded bg-slate-100" />
            </div>
            <div className="h-4 w-32 rounded bg-slate-100" />
            <div className="h-5 w-20 rounded-full bg-slate-100" />
            <div className="h-5 w-24 rounded-full bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
