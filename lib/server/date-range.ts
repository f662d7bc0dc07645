import { z } from "zod";

/**
 * The instants Baton accepts from a client (a query filter, a body field, a
 * cursor). JavaScript dates reach ±275,760 years, but PostgreSQL timestamps
 * and Prisma's SQLite encoding do not (`?from=-271821-04-20` was a Prisma
 * error, a 500). Nothing in Baton happens before 1970 or after 9999.
 */
export const MIN_DATE = new Date(Date.UTC(1970, 0, 1));
export const MAX_DATE = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999));
export const DATE_RANGE_MESSAGE = "Use a date between 1970-01-01 and 9999-12-31";

/** A real date inside MIN_DATE..MAX_DATE. */
export function isSaneDate(d: Date): boolean {
  const t = d.getTime();
  return !Number.isNaN(t) && t >= MIN_DATE.getTime() && t <= MAX_DATE.getTime();
}

/** z.coerce.date() limited to the sane range, with a field error outside it. */
export const ZSaneDate = (error = "Use an ISO 8601 date or date-time") =>
  z.coerce.date({ error }).refine(isSaneDate, { message: DATE_RANGE_MESSAGE });
