/** Where an agent opens a handoff: their inbox with its panel open. */
export const handoffLink = (id: string) => `/inbox?open=${encodeURIComponent(id)}`;

/** Where a person reads an exception: the queue with its panel open. */
export const exceptionLink = (id: string) => `/queue?status=all&open=${encodeURIComponent(id)}`;
