import { validateContract, type TContractIssue } from "@/lib/ingest/contract";

/** A stored event as the check needs it: the raw body exactly as received. */
export type TCheckedEvent = { id: string; receivedAt: Date; payload: string };

export type TContractCheckFailure = {
  eventId: string;
  receivedAt: Date;
  /** Whether the contract in force today already refuses it (false: the change breaks it). */
  failsToday: boolean;
  issues: TContractIssue[];
};

export type TContractCheckResult = {
  checked: number;
  failing: number;
  /** Of the failing events, how many pass the contract in force today. */
  newlyFailing: number;
  failures: TContractCheckFailure[];
};

function parse(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    // Ingest refuses bodies that are not JSON, so this is a row written by hand.
    return undefined;
  }
}

/**
 * Runs a candidate contract over stored events with the very validator the
 * engine uses for CONTRACT_VIOLATION (lib/ingest/contract.ts), so "would
 * fail" here means the worker would open that exception. A null contract
 * accepts every payload, as in the engine.
 */
export function checkEventsAgainstContract(
  candidate: unknown,
  current: unknown,
  events: TCheckedEvent[],
): TContractCheckResult {
  const failures: TContractCheckFailure[] = [];
  for (const e of events) {
    const payload = parse(e.payload);
    const issues =
      payload === undefined
        ? [{ path: "", message: "is not valid JSON" }]
        : candidate
          ? validateContract(candidate, payload)
          : [];
    if (issues.length === 0) continue;
    const failsToday =
      payload === undefined || (current ? validateContract(current, payload).length > 0 : false);
    failures.push({ eventId: e.id, receivedAt: e.receivedAt, failsToday, issues });
  }
  return {
    checked: events.length,
    failing: failures.length,
    newlyFailing: failures.filter((f) => !f.failsToday).length,
    failures,
  };
}
