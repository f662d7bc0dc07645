/**
 * Group commit: callers submit one item each and wait; items are gathered in
 * memory and committed together, so N concurrent requests cost one
 * transaction instead of N. A batch is committed when `maxBatch` items are
 * waiting or `maxWaitMs` after the first arrived, whichever comes first;
 * while `maxInFlight` commits are running, new items keep gathering and go
 * out as soon as one finishes (under load the batches fill by themselves).
 *
 * Each caller's promise settles only after its batch's commit returned, so an
 * answer never precedes durability. Pure: knows nothing of the database.
 */

export type TOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export type TGroupCommitOptions<I, R> = {
  /** Commit when this many items wait. */
  maxBatch: number;
  /** …or this long after the first one arrived. */
  maxWaitMs: number;
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
  /** Items waiting or being committed (health, tests). */
  size: () => number;
};

type TWaiter<I, R> = { item: I; resolve: (value: R) => void; reject: (error: unknown) => void };

/** Creates a group-commit queue around `opts.commit`. */
export function createGroupCommit<I, R>(opts: TGroupCommitOptions<I, R>): TGroupCommit<I, R> {
  const queue: TWaiter<I, R>[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
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
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    while (inFlight < opts.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, opts.maxBatch);
      inFlight++;
      committing += batch.length;
      void run(batch).finally(() => {
        inFlight--;
        committing -= batch.length;
        // Whatever gathered during this commit has waited long enough.
        if (queue.length > 0) flush();
      });
    }
  }

  function submit(item: I): Promise<R> {
    if (queue.length >= opts.maxPending) return Promise.reject(opts.onFull());
    return new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (queue.length >= opts.maxBatch) flush();
      else if (!timer) timer = setTimeout(flush, opts.maxWaitMs);
    });
  }

  return { submit, size: () => queue.length + committing };
}
