/**
 * Group commit: callers submit one item each and wait; items are gathered in
 * memory and committed together, so N concurrent requests cost one
 * transaction instead of N. No timer: when a commit slot is free, what has
 * arrived is committed at the end of the current event-loop turn (an idle
 * server adds no delay); while all `maxInFlight` slots are busy, new items
 * gather and go out — at most `maxBatch` per commit — as soon as one frees.
 * Under load the batches therefore grow by themselves with the commit time.
 *
 * Each caller's promise settles only after its batch's commit returned, so an
 * answer never precedes durability. Pure: knows nothing of the database.
 */

export type TOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export type TGroupCommitOptions<I, R> = {
  /** Most items in one commit. */
  maxBatch: number;
  /** Commits running at once (1 for SQLite's single writer). */
  maxInFlight: number;
  /** Items allowed to wait; past it `submit` rejects with `onFull()` at once (backpressure). */
  maxPending: number;
  onFull: () => unknown;
  /** Commits a batch; one outcome per item, in order. A throw fails the whole batch. */
  commit: (items: I[]) => Promise<TOutcome<R>[]>;
};

export type TGroupCommit<I, R> = {
  submit: (item: I) => Promise<R>;
  /** Items waiting or being committed (health, shutdown, tests). */
  size: () => number;
};

type TWaiter<I, R> = { item: I; resolve: (value: R) => void; reject: (error: unknown) => void };

/** Creates a group-commit queue around `opts.commit`. */
export function createGroupCommit<I, R>(opts: TGroupCommitOptions<I, R>): TGroupCommit<I, R> {
  const queue: TWaiter<I, R>[] = [];
  let scheduled = false;
  let inFlight = 0;
  let committing = 0;

  async function run(batch: TWaiter<I, R>[]) {
    let outcomes: TOutcome<R>[];
    try {
      outcomes = await opts.commit(batch.map((w) => w.item));
      if (outcomes.length !== batch.length) throw new Error("group commit: outcome count mismatch");
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const o = outcomes[i];
      if (o.ok) w.resolve(o.value);
      else w.reject(o.error);
    });
  }

  function flush() {
    scheduled = false;
    while (inFlight < opts.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, opts.maxBatch);
      inFlight++;
      committing += batch.length;
      void run(batch).finally(() => {
        inFlight--;
        committing -= batch.length;
        // Whatever gathered during this commit goes next.
        schedule();
      });
    }
  }

  // setImmediate, not a microtask: requests read from the sockets in the same
  // I/O phase all get to submit before the batch is cut.
  function schedule() {
    if (scheduled || queue.length === 0 || inFlight >= opts.maxInFlight) return;
    scheduled = true;
    setImmediate(flush);
  }

  function submit(item: I): Promise<R> {
    if (queue.length >= opts.maxPending) return Promise.reject(opts.onFull());
    return new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
  }

  return { submit, size: () => queue.length + committing };
}
