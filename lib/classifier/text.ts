import type { TFeatureKind, TFeaturizerOptions, TInput } from "./types";

/** Lower case, accents off, compatibility forms folded (NFKD), words of letters and digits. */
export function tokenize(text: string): string[] {
  const folded = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A numeric field's bin: sign × ⌊log2(1 + |x|)⌋, so 0, 1, 2–3, 4–7… share a feature. */
export function numericBin(x: number): number {
  if (!Number.isFinite(x)) return 999;
  const b = Math.floor(Math.log2(1 + Math.abs(x)));
  return x < 0 ? -b : b;
}

/**
 * Visits every term of an input with its block and the text a person would
 * recognise it by (a char n-gram's source is the word it came from).
 * Terms are prefixed by block so word "to" and char gram "to" hash apart.
 */
export function forEachTerm(
  input: TInput,
  o: TFeaturizerOptions,
  visit: (kind: TFeatureKind, term: string, source: string) => void,
): void {
  const tokens = tokenize(input.text);
  if (o.wordNgrams) {
    const [lo, hi] = o.wordNgrams;
    for (let n = lo; n <= hi; n++) {
      for (let i = 0; i + n <= tokens.length; i++) {
        const gram = n === 1 ? tokens[i] : tokens.slice(i, i + n).join(" ");
        visit("word", `w:${gram}`, gram);
      }
    }
  }
  if (o.charNgrams) {
    const [lo, hi] = o.charNgrams;
    for (const token of tokens) {
      const padded = ` ${token} `;
      for (let n = lo; n <= hi; n++) {
        for (let i = 0; i + n <= padded.length; i++) {
          visit("char", `c:${padded.slice(i, i + n)}`, token);
        }
      }
    }
  }
  for (const f of o.fields) {
    const raw = input.fields?.[f.name];
    let value: string;
    if (raw === null || raw === undefined || raw === "") value = "(none)";
    else if (f.kind === "number") {
      const x = typeof raw === "number" ? raw : Number(raw);
      value = Number.isNaN(x) ? "(not a number)" : `bin ${numericBin(x)}`;
    } else value = String(raw).trim().toLowerCase();
    const source = `${f.name}=${value}`;
    visit("field", `f:${source}`, source);
  }
}
