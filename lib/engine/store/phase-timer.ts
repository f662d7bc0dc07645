/** Milliseconds per phase of a batch, for the debug log and profiling. */
export function phaseTimer() {
  let last = performance.now();
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(name: string) {
      const t = performance.now();
      laps[name] = Math.round(t - last);
      last = t;
    },
  };
}

export type TPhaseTimer = ReturnType<typeof phaseTimer>;
