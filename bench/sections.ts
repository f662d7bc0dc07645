import fs from "node:fs";

/**
 * Writes (or replaces) one named section of docs/BENCHMARKS.md between
 * `<!-- bench:<id>:start -->` and `<!-- bench:<id>:end -->`, appended at the
 * end the first time; the rest of the file is left as it is. For the
 * stand-alone benchmark scripts (verification presets, quiet sources…);
 * the load suite's own sections are written by report.ts.
 */
export function writeSection(id: string, markdown: string, file = "docs/BENCHMARKS.md"): string {
  const start = `<!-- bench:${id}:start -->`;
  const end = `<!-- bench:${id}:end -->`;
  const body = `${start}\n${markdown.trim()}\n${end}`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  if (text.includes(start) && text.includes(end)) {
    text = text.slice(0, text.indexOf(start)) + body + text.slice(text.indexOf(end) + end.length);
  } else {
    text = `${text.trimEnd()}\n\n${body}\n`;
  }
  fs.writeFileSync(file, text);
  return file;
}
