import { AppError } from "@/lib/server/errors";
import { readTextWithin } from "@/lib/server/read-body";
import { CsvError, parseCsv } from "./csv";
import type { TImportRecord } from "./import-rows";

const MAX_BYTES = 20 * 1024 * 1024;

/** The body as rows: a JSON array of objects (line = index + 1) or CSV with a header (line = file line). */
export async function importRecords(req: Request): Promise<TImportRecord[]> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && type !== "text/csv")
    throw new AppError({
      code: "UNSUPPORTED_MEDIA_TYPE",
      message: "Send application/json (an array of rows) or text/csv (a header row, then rows).",
    });
  const text = await readTextWithin(req, MAX_BYTES);
  if (text === null)
    throw new AppError({ code: "PAYLOAD_TOO_LARGE", message: "At most 20 MB per import." });
  if (type === "text/csv") {
    try {
      return parseCsv(text).records;
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      throw new AppError({
        code: "VALIDATION_FAILED",
        message: `Line ${e.line}: ${e.message}`,
        details: { rows: [{ line: e.line, field: "csv", message: e.message }] },
      });
    }
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError({ code: "MALFORMED_JSON", message: "The body is not valid JSON." });
  }
  if (!Array.isArray(body))
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: 'Send a JSON array of rows, e.g. [{"message": "…", "label": "billing"}].',
    });
  return body.map((values: unknown, i) => ({
    line: i + 1,
    values: values as TImportRecord["values"],
  }));
}
