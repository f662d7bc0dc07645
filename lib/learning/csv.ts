/**
 * CSV (RFC 4180) for labelled history: comma-separated, fields in double
 * quotes may hold commas, newlines and doubled quotes; CRLF or LF. The first
 * record is the header. Each record keeps the line it starts on, so a bad
 * row is reported where a person finds it in their spreadsheet export.
 */
export type TCsvRecord = { line: number; values: Record<string, string> };

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = "CsvError";
  }
}

/** Splits CSV text into records of fields, each with its starting line. */
export function parseCsvRecords(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a BOM from spreadsheet exports
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = "";
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new CsvError("A quoted field is never closed", start);
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === "\n") line++;
          value += ch;
          i++;
        }
        if (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r")
          throw new CsvError("Text after a closing quote", line);
      } else {
        while (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
          if (text[i] === '"') throw new CsvError("A quote inside an unquoted field", line);
          value += text[i++];
        }
      }
      fields.push(value);
      if (text[i] === ",") {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === "\r") i++;
    if (text[i] === "\n") i++;
    line++;
    // Blank lines (a trailing newline, spacing) are not rows.
    if (!(fields.length === 1 && fields[0] === "")) out.push({ line: start, fields });
  }
  return out;
}

/** Header + rows as objects. Duplicate or empty header names and ragged rows are errors. */
export function parseCsv(text: string): { header: string[]; records: TCsvRecord[] } {
  const [head, ...rows] = parseCsvRecords(text);
  if (!head) throw new CsvError("The file is empty", 1);
  const header = head.fields.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (!h) throw new CsvError("A column has no name in the header", head.line);
    if (seen.has(h)) throw new CsvError(`Column "${h}" appears twice in the header`, head.line);
    seen.add(h);
  }
  const records = rows.map((r) => {
    if (r.fields.length !== header.length)
      throw new CsvError(`Has ${r.fields.length} fields; the header has ${header.length}`, r.line);
    return { line: r.line, values: Object.fromEntries(header.map((h, j) => [h, r.fields[j]])) };
  });
  return { header, records };
}
