import { randomUUID } from "node:crypto";

/** A short id that ties a log line, an audit entry and an error answer together. */
export function newRequestId(): string {
  return randomUUID().replaceAll("-", "").slice(0, 16);
}
