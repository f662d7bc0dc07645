import "server-only";
import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleAll,
  type CircuitBreakerPolicy,
} from "cockatiel";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { persistCircuitState } from "./store/circuit";

// Next bundles server actions, route handlers and the inline worker
// separately, each with its own copy of this module: the breakers live on
// globalThis so an admin's "reset circuit" reaches the worker's breaker in
// the same process.
const g = globalThis as unknown as { __batonBreakers?: Map<string, CircuitBreakerPolicy> };
const breakers = (g.__batonBreakers ??= new Map<string, CircuitBreakerPolicy>());

const STATE_NAMES = {
  [CircuitState.Closed]: "CLOSED",
  [CircuitState.Open]: "OPEN",
  [CircuitState.HalfOpen]: "HALF_OPEN",
  [CircuitState.Isolated]: "OPEN",
} as const;

/**
 * One circuit breaker (cockatiel) per destination in this process: after
 * BATON_CIRCUIT_FAILURES consecutive transient failures it opens, deliveries
 * wait instead of hammering a destination that is down, and after
 * BATON_CIRCUIT_HALF_OPEN_MS one trial delivery decides whether it closes.
 * Transitions are written to the Destination row (and the audit log) so every
 * process and every operator can see them.
 */
export function breakerFor(destination: { id: string; name: string }): CircuitBreakerPolicy {
  let breaker = breakers.get(destination.id);
  if (breaker) return breaker;
  breaker = circuitBreaker(handleAll, {
    halfOpenAfter: env.BATON_CIRCUIT_HALF_OPEN_MS,
    breaker: new ConsecutiveBreaker(env.BATON_CIRCUIT_FAILURES),
  });
  breaker.onStateChange((state) => {
    const circuitState = STATE_NAMES[state];
    logger.warn({ destinationId: destination.id, circuitState }, "destination circuit changed");
    void persistCircuitState(destination.id, circuitState).catch((err) =>
      logger.error({ err, destinationId: destination.id }, "could not persist circuit state"),
    );
  });
  breakers.set(destination.id, breaker);
  return breaker;
}

/** Milliseconds until an open circuit lets a trial through (for rescheduling). */
export function halfOpenDelayMs(): number {
  return env.BATON_CIRCUIT_HALF_OPEN_MS;
}

/**
 * Forgets one destination's breaker in this process (after an admin reset its
 * circuit): the next delivery starts from a closed circuit. Another process's
 * breaker keeps its state until its own half-open trial.
 */
export function forgetBreaker(destinationId: string) {
  breakers.delete(destinationId);
}

/** For tests: forget every breaker. */
export function resetBreakers() {
  breakers.clear();
}
