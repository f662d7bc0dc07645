// Re-renders docs/BENCHMARKS.md (one database's section) from a saved run:
//   npx tsx bench/write-report.ts bench/.out/results-sqlite-<stamp>.json
import fs from "node:fs";
import { writeReport, type TResults } from "./report";

const file = process.argv[2];
if (!file) throw new Error("usage: tsx bench/write-report.ts <results.json>");
const results = JSON.parse(fs.readFileSync(file, "utf8")) as TResults;
console.log(
  writeReport(results, results.quick ? "bench/.out/BENCHMARKS-quick.md" : "docs/BENCHMARKS.md"),
);
