import { randomBytes } from "node:crypto";

let counter = 0;

/**
 * A sortable, collision-resistant id (time + counter + randomness), made in
 * code so batched `createMany` writes need not read ids back.
 */
export function newId(prefix = "c"): string {
  counter = (counter + 1) % 1_679_616;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36).padStart(4, "0")}${randomBytes(6).toString("hex")}`;
}
