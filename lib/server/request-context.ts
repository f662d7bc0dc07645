/**
 * The request behind a write, carried into the audit entries it records: the
 * request's id (also in the response's `x-request-id` and the logs) and the
 * caller's address. Both request wrappers build it (`ctx` in withApi's and
 * defineAction's handler context); a write made without a request (a test, a
 * script, the system) passes `{}` and its audit entry has neither.
 */
export type TRequestCtx = { requestId?: string | null; ip?: string | null };
