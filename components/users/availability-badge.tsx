import { Badge } from "@/components/ui/badge";
import { availabilityOf } from "@/lib/users/availability";

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Whether someone can take new work now, in the engine's terms. */
export function AvailabilityBadge({
  user,
  now,
}: {
  user: {
    active: boolean;
    available: boolean;
    outOfOfficeFrom: string | null;
    outOfOfficeUntil: string | null;
  };
  now: Date;
}) {
  const a = availabilityOf(user, now);
  switch (a.state) {
    case "deactivated":
      return <Badge tone="neutral">Deactivated</Badge>;
    case "unavailable":
      return <Badge tone="red">Unavailable</Badge>;
    case "out_of_office":
      return <Badge tone="amber">{a.until ? `Out until ${day(a.until)}` : "Out of office"}</Badge>;
    case "away_later":
      return (
        <span className="inline-flex flex-col items-start gap-0.5">
          <Badge tone="green">Available</Badge>
          <span className="text-xs text-slate-500">
            Away {day(a.from)}
            {a.until ? ` – ${day(a.until)}` : " on"}
          </span>
        </span>
      );
    default:
      return <Badge tone="green">Available</Badge>;
  }
}

/** Open load against capacity, red when at or over it. */
export function LoadMeter({ load, capacity }: { load: number; capacity: number }) {
  if (capacity === 0 && load === 0) {
    return <span className="text-sm text-slate-500 tabular-nums">0 / 0</span>;
  }
  const pct = capacity > 0 ? Math.min(100, Math.round((load / capacity) * 100)) : 100;
  const full = load >= capacity;
  return (
    <div className="w-20" title={`${load} open of ${capacity}`}>
      <div className={`text-sm tabular-nums ${full ? "font-medium text-red-700" : ""}`}>
        {load} / {capacity}
      </div>
      <div className="mt-1 h-1.5 w-20 rounded-full bg-slate-100" aria-hidden>
        <div
          className={`h-1.5 rounded-full ${full ? "bg-red-500" : pct >= 80 ? "bg-amber-500" : "bg-emerald-500"}`}
          style={{ width: `${pct}%` }}
        />
      </div>
    </div>
  );
}
