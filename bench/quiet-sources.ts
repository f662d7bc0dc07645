/**
 * The quiet-source alarm on synthetic arrival histories (lib/channels/quiet):
 * false alarms per simulated month on a healthy source, and the time to
 * detect a real stop, for the four shapes of sender in
 * lib/channels/quiet/simulate.ts, at each sensitivity. Seeded: the same
 * figures every run. Prints them and writes the "Quiet-source alarms"
 * section of docs/BENCHMARKS.md.
 *
 *   npx tsx bench/quiet-sources.ts [weeks=26] [stops=40]
 */
import { ALPHA, type TSensitivity } from "@/lib/channels/quiet/model";
import { SCENARIOS, detectionMinutes, falseAlarmsPerMonth } from "@/lib/channels/quiet/simulate";
import { writeSection } from "./sections";

const weeks = Number(process.argv[2] ?? 26);
const stops = Number(process.argv[3] ?? 40);

const fmt = (m: number) =>
  !Number.isFinite(m)
    ? "not in 3 days"
    : m < 90
      ? `${Math.round(m)} min`
      : `${(m / 60).toFixed(1)} h`;
const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];

const rows: string[] = [];
for (const s of SCENARIOS) {
  for (const sensitivity of ["high", "normal", "low"] as TSensitivity[]) {
    const settings = {
      mode: "learned" as const,
      sensitivity,
      minimum: null,
      businessHours: s.businessHours,
    };
    const t0 = Date.now();
    const fa = falseAlarmsPerMonth(s, settings, { weeks, seed: 1, stepMin: 15 });
    const d = detectionMinutes(s, settings, { weeks, seed: 2, stops });
    const missed = d.filter((x) => !Number.isFinite(x)).length;
    const line = `| ${s.name} | ${sensitivity} (α ${ALPHA[sensitivity]}) | ${fa.perMonth.toFixed(2)} (${fa.episodes} in ${weeks - 2} weeks) | ${fmt(pct(d, 0.5))} | ${fmt(pct(d, 0.9))} | ${missed} of ${d.length} |`;
    rows.push(line);
    console.log(line, `(${Date.now() - t0} ms)`);
  }
}

const file = writeSection(
  "quiet",
  [
    `## Quiet-source alarms (${new Date().toISOString().slice(0, 10)})`,
    "",
    "The quiet-source rule (method in lib/channels/quiet/model.ts and the README) on seeded",
    `synthetic histories: each sender simulated for ${weeks} weeks, asked every 15 minutes after`,
    'the 2-week warm-up; a false alarm is a switch to "quiet" on a healthy source. Then',
    `${stops} real stops at random open hours, asked every 5 minutes until it says quiet.`,
    "The weekly-seasonal sender has business hours (weekdays 09–17 UTC), so a stop late on",
    "Friday is found on Monday morning: its detection time counts the closed hours too.",
    "",
    "    npx tsx bench/quiet-sources.ts 26 40",
    "",
    "| Sender | Sensitivity | False alarms per month | Detection, median | Detection, 90th pct | Not found in 3 days |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n"),
);
console.log(`wrote ${file}`);
