import type { actOnHandoffAction } from "@/app/(app)/inbox/actions";
import type { getHandoffDetail, THandoffRow, TLeftItem } from "@/lib/handoffs/data";
import type { TPlain } from "@/lib/server/plain";

/**
 * What the inbox components receive from the page: lib/handoffs/data.ts's
 * results after `plain()` (dates as ISO strings), derived rather than copied,
 * so a change to a select reaches the components' props.
 */
export type THandoffListRow = TPlain<THandoffRow>;
export type THandoffDetailView = TPlain<NonNullable<Awaited<ReturnType<typeof getHandoffDetail>>>>;
export type THistoryItemView = THandoffDetailView["history"][number];
export type TAuditView = THandoffDetailView["touchedBy"][number];
export type TRecordView = NonNullable<THandoffDetailView["record"]>;
export type TLeftItemView = TPlain<TLeftItem>;

/** The panel's action, as the page hands it over. */
export type TActFn = typeof actOnHandoffAction;
/** What the panel's forms send: the handoff, the version it showed, and the action. */
export type TActInput = Exclude<Parameters<TActFn>[0], FormData>;
