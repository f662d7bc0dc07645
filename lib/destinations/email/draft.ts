import type { TEmailAction } from "@/lib/workflow-definition/schema";
import { renderTemplate, type TTemplateContext } from "@/lib/workflow-definition/template";
import { ZMailbox } from "./schema";

/** A rendered message, before it is sent or held for review. */
export type TEmailDraft = { to: string; subject: string; text: string; html: string };

export type TBuiltDraft = {
  draft: TEmailDraft;
  /** Placeholders that had no value (and no fallback). */
  missing: string[];
  /** Why it cannot be sent as it is (no recipient, an address that is not one). */
  problem: string | null;
};

/** One line: a header must not carry a line break (header injection). */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").trim();

/** The recipients of a rendered `to`: comma-separated, each a plain address. */
export function recipientsOf(to: string): string[] {
  return to
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** A recipient list's problem, or null. */
export function recipientProblem(to: string): string | null {
  const list = recipientsOf(to);
  if (list.length === 0) return "the message has no recipient (the To template rendered empty)";
  if (list.length > 20) return "the message has more than 20 recipients";
  const bad = list.find((r) => !ZMailbox.safeParse(r).success);
  return bad ? `"${bad.slice(0, 80)}" is not an email address` : null;
}

/** Renders an email action over a record, payload and handoff. Pure: the editor's preview uses it too. */
export function buildDraft(action: TEmailAction, ctx: TTemplateContext): TBuiltDraft {
  const to = renderTemplate(action.to, ctx);
  const subject = renderTemplate(action.subject, ctx);
  const text = renderTemplate(action.text, ctx);
  const html = renderTemplate(action.html, ctx, { html: true });
  const draft = {
    to: oneLine(to.text),
    subject: oneLine(subject.text),
    text: text.text,
    html: html.text,
  };
  const missing = [
    ...new Set([...to.missing, ...subject.missing, ...text.missing, ...html.missing]),
  ];
  return { draft, missing, problem: recipientProblem(draft.to) };
}

/** A plain-text body as minimal HTML (escaped; blank lines make paragraphs, newlines breaks). */
export function textToHtml(text: string): string {
  const esc = (s: string) =>
    s
      .replaceAll("&", "&amp;")
      .replaceAll("<", "&lt;")
      .replaceAll(">", "&gt;")
      .replaceAll('"', "&quot;")
      .replaceAll("'", "&#39;");
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${esc(p).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}

/** A DRAFT_REVIEW exception's stored draft, or null when the context does not hold one. */
export function draftOf(value: unknown): TEmailDraft | null {
  const d = (value ?? {}) as Record<string, unknown>;
  const ok = ["to", "subject", "text", "html"].every((k) => typeof d[k] === "string");
  return ok
    ? {
        to: d.to as string,
        subject: d.subject as string,
        text: d.text as string,
        html: d.html as string,
      }
    : null;
}
