import { FILL_TIME_FIELD, SUBMISSION_ID_FIELD, type TFormConfig } from "./config";

const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The public address a form posts to: `{base}/f/{key}`. */
export function formActionUrl(baseUrl: string, sourceKey: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/f/${encodeURIComponent(sourceKey)}`;
}

const label = (name: string) => {
  const words = name.replace(/[_.[\]-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function input(name: string, required: boolean): string {
  const req = required ? " required" : "";
  if (/message|comment|notes?$/i.test(name)) {
    return `  <label>${label(name)} <textarea name="${attr(name)}"${req}></textarea></label>`;
  }
  const type = /e-?mail/i.test(name) ? "email" : /phone|tel/i.test(name) ? "tel" : "text";
  return `  <label>${label(name)} <input type="${type}" name="${attr(name)}"${req}></label>`;
}

/**
 * A copy-paste HTML form for the customer's site: no script, posts to the
 * source's public address, one input per required field (name, email and
 * message when none are required), and the honeypot pushed off-screen by
 * CSS (not `type="hidden"`: bots skip those) and out of tab order and
 * screen readers, so people never fill it in.
 */
export function formSnippet(actionUrl: string, config: TFormConfig): string {
  const names = config.requiredFields.length > 0 ? config.requiredFields : ["name", "email"];
  const extra = config.requiredFields.length > 0 ? [] : ["message"];
  const lines = [
    `<form action="${attr(actionUrl)}" method="post">`,
    ...names.map((n) => input(n, true)),
    ...extra.map((n) => input(n, false)),
    "  <!-- Spam trap: hidden from people, filled in by bots. Keep it empty. -->",
    '  <div style="position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden" aria-hidden="true">',
    `    <label>Leave this empty <input type="text" name="${attr(config.honeypotField)}" tabindex="-1" autocomplete="off"></label>`,
    "  </div>",
  ];
  if (config.minFillSeconds > 0) {
    lines.push(
      `  <!-- Optional, for pages your server renders: the Unix time (seconds) the page was served.`,
      `       Posts sooner than ${config.minFillSeconds} s after it are held as spam. Without it the check is skipped. -->`,
      `  <!-- <input type="hidden" name="${FILL_TIME_FIELD}" value="{{ unix time now }}"> -->`,
    );
  }
  lines.push(
    "  <!-- Optional: a unique id per page view (8+ characters) makes every resend of it one event. -->",
    `  <!-- <input type="hidden" name="${SUBMISSION_ID_FIELD}" value="{{ random id }}"> -->`,
  );
  lines.push('  <button type="submit">Send</button>', "</form>");
  return lines.join("\n");
}
