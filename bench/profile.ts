// Summarises V8 CPU profiles (node --cpu-prof) into where the time goes:
// self time by area (a package, a Node subsystem, a file of ours) and the
// hottest functions.
import fs from "node:fs";
import path from "node:path";

type TNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type TProfile = { nodes: TNode[]; samples: number[]; timeDeltas: number[] };

export type TShare = { name: string; ms: number; share: number };
export type TProfileSummary = {
  totalMs: number;
  busyMs: number;
  areas: TShare[];
  functions: TShare[];
  /**
   * Our own functions (lib/, server.ts, scripts/) by total time: self time
   * plus everything they call (a function counted once per sample).
   */
  inclusive: TShare[];
};

const ROOT = process.cwd();

function area(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  if (url.startsWith("node:")) return url.replace(/^node:internal\//, "node:").split("/")[0];
  const file = url.replace(/^file:\/\//, "");
  const nm = file.lastIndexOf("node_modules/");
  if (nm !== -1) {
    const rest = file.slice(nm + 13).split("/");
    const pkg = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    if (pkg === "next" && file.includes("/compiled/"))
      return `next (${rest[rest.indexOf("compiled") + 1]})`;
    return pkg;
  }
  if (file.includes("/.next/")) return ".next bundles";
  return path.relative(ROOT, file);
}

function isOwn(url: string): boolean {
  const file = url.replace(/^file:\/\//, "");
  return file.startsWith(ROOT) && !file.includes("node_modules/") && !file.includes("/.next/");
}

/** Reads the .cpuprofile files in `dir` that `pick` accepts, and sums them. */
export function summariseProfiles(
  dir: string,
  pick: (file: string) => boolean = () => true,
  /** Leaves out the first milliseconds of each profile (start-up, module loading). */
  skipMs = 0,
): TProfileSummary | null {
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile") && pick(f))
    : [];
  if (files.length === 0) return null;
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  const byOwn = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    const p = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as TProfile;
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    // Skip start-up only when the profile reaches past it (sampling pauses when idle).
    const span = p.timeDeltas.reduce((n, d) => n + d, 0);
    const skipUs = span > skipMs * 1000 * 1.2 ? skipMs * 1000 : 0;
    let at = 0;
    p.samples.forEach((id, i) => {
      const us = p.timeDeltas[i] ?? 0;
      at += us;
      if (at < skipUs) return;
      const n = nodes.get(id);
      if (!n) return;
      total += us;
      const { functionName, url, lineNumber } = n.callFrame;
      const a = area(url, functionName);
      byArea.set(a, (byArea.get(a) ?? 0) + us);
      const where = url ? `${area(url, functionName)}:${lineNumber + 1}` : "";
      const fn = `${functionName || "(anonymous)"}${where ? ` ${where}` : ""}`;
      byFn.set(fn, (byFn.get(fn) ?? 0) + us);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = nodes.get(at)?.callFrame;
        if (!frame || !isOwn(frame.url)) continue;
        const key = `${frame.functionName || "(anonymous)"} ${area(frame.url, "")}`;
        if (seen.has(key)) continue;
        seen.add(key);
        byOwn.set(key, (byOwn.get(key) ?? 0) + us);
      }
    });
  }
  const idle = byArea.get("(idle)") ?? 0;
  const busy = total - idle;
  const top = (m: Map<string, number>, n: number, skipIdle: boolean) =>
    [...m]
      .filter(([k]) => !skipIdle || !k.startsWith("(idle)"))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        share: Math.round((us / Math.max(1, busy)) * 1000) / 10,
      }));
  return {
    totalMs: Math.round(total / 1000),
    busyMs: Math.round(busy / 1000),
    areas: top(byArea, 14, true),
    functions: top(byFn, 15, true),
    inclusive: top(byOwn, 25, true),
  };
}
