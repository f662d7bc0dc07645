import type {
  actOnExceptionAction,
  bulkAction,
  deleteViewAction,
  labelExceptionAction,
  previewReplayAction,
  saveViewAction,
} from "@/app/(app)/queue/actions";
import type { TExceptionDetail, TExceptionListItem } from "@/lib/exceptions/data";
import type { TCandidate as TServerCandidate } from "@/lib/exceptions/owners";
import type { TPlain } from "@/lib/server/plain";

/**
 * What the queue components receive from the page: the data functions'
 * results after `plain()` (dates as ISO strings), so a change to a select
 * reaches the components' props without a hand-kept copy.
 */
export type TQueueRow = TPlain<TExceptionListItem>;
export type TExceptionDetailView = TPlain<TExceptionDetail>;
export type THistoryItem = TExceptionDetailView["history"][number];
export type TCandidate = TPlain<TServerCandidate>;

/** The queue's server actions, as the page hands them over. */
export type TQueueActions = {
  act: typeof actOnExceptionAction;
  preview: typeof previewReplayAction;
  bulk: typeof bulkAction;
  /** Confirm or correct the classifier's label (issue #16). */
  label: typeof labelExceptionAction;
};
export type TSavedViewActions = { save: typeof saveViewAction; remove: typeof deleteViewAction };
