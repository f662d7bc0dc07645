import { Badge } from "@/components/ui/badge";
import { draftOf } from "@/lib/destinations/email/draft";

const input =
  "mt-1 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";

type TDraftContext = {
  draft?: unknown;
  original?: unknown;
  edited?: boolean;
  holdReasons?: { text?: string }[];
  missing?: string[];
};

/** The held email of a DRAFT_REVIEW exception, or null for any other context. */
export function heldDraft(context: unknown) {
  const c = (context ?? {}) as TDraftContext;
  const draft = draftOf(c.draft);
  if (!draft) return null;
  return {
    draft,
    original: draftOf(c.original),
    edited: c.edited === true,
    reasons: (c.holdReasons ?? []).map((r) => r.text).filter((t): t is string => !!t),
    missing: c.missing ?? [],
  };
}

/** The full message as it will be (or was) sent, and why Baton held it. */
export function DraftMessage({ context }: { context: unknown }) {
  const held = heldDraft(context);
  if (!held) return null;
  const { draft, original, edited, reasons, missing } = held;
  return (
    <div className="space-y-3 text-sm" data-testid="draft-message">
      {reasons.length ? (
        <ul className="space-y-1">
          {reasons.map((r) => (
            <li key={r} className="flex items-start gap-2 text-slate-700">
              <Badge tone="amber">held</Badge>
              <span>{r}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="overflow-hidden rounded-md ring-1 ring-slate-200">
        <dl className="grid grid-cols-[4.5rem_1fr] gap-x-2 gap-y-1 bg-slate-50 px-3 py-2">
          <dt className="text-slate-500">To</dt>
          <dd className="break-all text-slate-900">{draft.to}</dd>
          <dt className="text-slate-500">Subject</dt>
          <dd className="font-medium break-words text-slate-900">{draft.subject}</dd>
        </dl>
        <pre className="max-h-72 overflow-auto px-3 py-2 font-sans whitespace-pre-wrap text-slate-800">
          {draft.text}
        </pre>
      </div>
      {missing.length ? (
        <p className="text-xs text-amber-700">
          Rendered without a value for: {missing.map((m) => `{{${m}}}`).join(", ")}
        </p>
      ) : null}
      {edited && original ? (
        <details className="text-xs text-slate-600">
          <summary className="cursor-pointer">The draft before the reviewer&apos;s edit</summary>
          <p className="mt-1 font-medium">{original.subject}</p>
          <pre className="mt-1 font-sans whitespace-pre-wrap">{original.text}</pre>
        </details>
      ) : null}
    </div>
  );
}

/** The approve form of a held email: subject and body editable, the recipient fixed. */
export function DraftEditFields({
  context,
  err,
}: {
  context: unknown;
  err: (f: string) => string | undefined;
}) {
  const held = heldDraft(context);
  if (!held) return null;
  return (
    <>
      <p className="text-sm text-slate-700">
        Sends this message to <strong className="break-all">{held.draft.to}</strong>. Edit it first
        if needed; the audit log keeps both versions.
      </p>
      <label className="block text-xs font-medium text-slate-600">
        Subject
        <input
          name="draftSubject"
          defaultValue={held.draft.subject}
          required
          aria-invalid={!!err("draft.subject")}
          className={input}
        />
        {err("draft.subject") ? (
          <span className="text-xs text-red-600">{err("draft.subject")}</span>
        ) : null}
      </label>
      <label className="block text-xs font-medium text-slate-600">
        Message
        <textarea
          name="draftText"
          rows={9}
          defaultValue={held.draft.text}
          required
          aria-invalid={!!err("draft.text")}
          className={input}
        />
        {err("draft.text") ? (
          <span className="text-xs text-red-600">{err("draft.text")}</span>
        ) : null}
      </label>
    </>
  );
}
