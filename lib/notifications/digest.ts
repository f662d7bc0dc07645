/** What one person's daily digest reports (lib/notifications/store/digest.ts reads it; lib/destinations/email/notification-message.ts writes it). */
export type TDigest = {
  name: string;
  day: string;
  handoffs: { open: number; overdue: number; dueSoon: number };
  /** The most urgent open handoffs, soonest due first. */
  urgent: { title: string; dueAt: Date; overdue: boolean; link: string }[];
  exceptions: { open: number; oldest: { title: string; link: string }[] };
  /** Managers and admins: exceptions in the shared queue that nobody owns. */
  unowned: number | null;
  unread: number;
};

/** Nothing to report: no digest is sent that day. */
export function digestIsEmpty(d: TDigest): boolean {
  return d.handoffs.open === 0 && d.exceptions.open === 0 && !d.unowned && d.unread === 0;
}
