/**
 * Static checks on an admin-written `pattern` (JSON Schema), made when a
 * contract is saved and again before a stored one is compiled. JavaScript's
 * regex engine backtracks, and no linear-time engine ships with Node (V8's
 * experimental one refuses the `u` flag that JSON Schema patterns need), so
 * the work a pattern may do is bounded two ways:
 *
 * - here, the shapes that make backtracking explode are refused: a
 *   backreference, a repeated group that itself repeats or branches
 *   (`(a+)+`, `(a|b)*`: exponential), and more than two repetitions in a row
 *   that can match the same characters (`\d+\d+\d+`: polynomial; an
 *   unanchored start counts as one, since the engine retries at every offset);
 * - at run time, a string longer than PATTERN_MAX_INPUT never reaches the
 *   regex (contract-engine.ts), so what remains (two overlapping repetitions,
 *   O(n²)) stays around a millisecond.
 *
 * This is deliberately stricter than necessary: `^[a-z]+(\.[a-z]+)*$` is
 * safe but refused; a `format`, or a flatter pattern, says the same thing.
 */

type TQuant = { min: number; max: number };
type TItem = {
  src: string;
  quant: TQuant | null;
  /** Zero-width: anchors, \b, lookarounds. */
  zeroWidth: boolean;
  /** A group's alternatives, each a sequence. */
  alts?: TItem[][];
};

// Characters a class may match, sampled: ASCII plus a few non-ASCII kinds.
const SAMPLES = [
  ...Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)),
  "é",
  "中",
  "😀",
  "\u00a0",
  "\u2028",
];

class Unsafe extends Error {}

/** Why `source` (already known to compile with the `u` flag) is refused, or null when allowed. */
export function unsafePatternReason(source: string): string | null {
  try {
    const alts = new Parser(source).parseAlternatives();
    for (const seq of alts) checkSequence(seq, true);
    return null;
  } catch (e) {
    if (e instanceof Unsafe) return e.message;
    throw e;
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parseAlternatives(): TItem[][] {
    const alts: TItem[][] = [[]];
    while (this.pos < this.src.length && this.src[this.pos] !== ")") {
      if (this.src[this.pos] === "|") {
        this.pos++;
        alts.push([]);
        continue;
      }
      alts[alts.length - 1].push(this.parseItem());
    }
    return alts;
  }

  private parseItem(): TItem {
    const start = this.pos;
    const c = this.src[this.pos];
    let zeroWidth = false;
    let alts: TItem[][] | undefined;
    if (c === "\\") {
      const next = this.src[this.pos + 1] ?? "";
      if (/[1-9]/.test(next) || next === "k") {
        throw new Unsafe("uses a backreference, which can take exponential time");
      }
      zeroWidth = next === "b" || next === "B";
      this.pos += 2;
      if ((next === "p" || next === "P" || next === "u") && this.src[this.pos] === "{") {
        this.pos = this.src.indexOf("}", this.pos) + 1;
      } else if (next === "u") this.pos += 4;
      else if (next === "x") this.pos += 2;
      else if (next === "c") this.pos += 1;
    } else if (c === "[") {
      this.pos++;
      while (this.pos < this.src.length && this.src[this.pos] !== "]") {
        this.pos += this.src[this.pos] === "\\" ? 2 : 1;
      }
      this.pos++;
    } else if (c === "(") {
      const head = /^\((\?(?:[:=!]|<[=!]|<[^>]*>))?/.exec(this.src.slice(this.pos))![0];
      zeroWidth = /^\(\?(?:[=!]|<[=!])/.test(head);
      this.pos += head.length;
      alts = this.parseAlternatives();
      this.pos++; // ")"
    } else {
      zeroWidth = c === "^" || c === "$";
      this.pos += [...this.src.slice(this.pos, this.pos + 2)][0].length;
    }
    const src = this.src.slice(start, this.pos);
    return { src, quant: this.parseQuantifier(), zeroWidth, alts };
  }

  private parseQuantifier(): TQuant | null {
    const m = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(this.src.slice(this.pos));
    if (!m) return null;
    this.pos += m[0].length;
    if (m[1]) return { min: m[1] === "+" ? 1 : 0, max: m[1] === "?" ? 1 : Infinity };
    const min = Number(m[2]);
    return { min, max: m[3] === undefined ? min : m[4] ? Number(m[4]) : Infinity };
  }
}

const isVariable = (q: TQuant | null) => q !== null && q.max > q.min;
const repeats = (q: TQuant | null) => q !== null && q.max >= 2;

function hasBranchOrVariable(alts: TItem[][]): boolean {
  return (
    alts.length > 1 ||
    alts.some((seq) =>
      seq.some((i) => isVariable(i.quant) || (i.alts && hasBranchOrVariable(i.alts))),
    )
  );
}

// Sample characters an item can start to match (a group: any of its atoms').
function charsOf(item: TItem): Set<string> {
  if (item.alts) {
    const out = new Set<string>();
    for (const seq of item.alts)
      for (const i of seq) if (!i.zeroWidth) for (const ch of charsOf(i)) out.add(ch);
    return out;
  }
  const re = new RegExp(`^(?:${item.src})$`, "u");
  return new Set(SAMPLES.filter((ch) => re.test(ch)));
}

const ALL = new Set(SAMPLES);

/**
 * Walks one sequence, counting consecutive repetitions that can match a
 * shared character; a mandatory atom outside the chain's characters ends it.
 */
function checkSequence(seq: TItem[], top: boolean): void {
  const anchored = seq[0]?.src === "^";
  let chain = top && !anchored ? new Set(ALL) : new Set<string>();
  let count = top && !anchored ? 1 : 0;
  for (const item of seq) {
    if (item.alts) {
      if (repeats(item.quant) && hasBranchOrVariable(item.alts)) {
        throw new Unsafe(
          `repeats the group ${item.src} that itself repeats or branches (like (a+)+ or (a|b)*), which can take exponential time`,
        );
      }
      for (const inner of item.alts) checkSequence(inner, false);
    }
    if (item.zeroWidth) continue;
    const chars = charsOf(item);
    const variable = isVariable(item.quant) || (item.alts && hasBranchOrVariable(item.alts));
    if (variable) {
      const overlaps = [...chars].some((ch) => chain.has(ch));
      count = overlaps ? count + 1 : 1;
      chain = overlaps ? new Set([...chain, ...chars]) : chars;
      if (count > 2) {
        throw new Unsafe(
          "has more than two repetitions in a row that can match the same characters (like \\d+\\d+\\d+, or .*x.* without ^), which can take polynomial time",
        );
      }
    } else if (![...chars].every((ch) => chain.has(ch))) {
      chain = new Set();
      count = 0;
    }
  }
}
