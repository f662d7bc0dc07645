import { createHash } from "node:crypto";

/**
 * The idempotency key sent with a downstream action. Derived from (event,
 * workflow version, action) only, so retries and operator replays of the
 * same action carry the same key and the receiver can drop the duplicate,
 * while a new workflow version or another action gets a fresh one.
 */
export function actionIdempotencyKey(
  eventId: string,
  workflowVersionId: string,
  actionId: string,
): string {
  for (const [name, value] of [
    ["eventId", eventId],
    ["workflowVersionId", workflowVersionId],
    ["actionId", actionId],
  ]) {
    if (typeof value !== "string" || value === "")
      throw new Error(`actionIdempotencyKey: ${name} is empty`);
  }
  // A JSON array keeps the parts apart: ("a:b", "c") and ("a", "b:c") must not collide.
  const digest = createHash("sha256")
    .update(JSON.stringify(["baton.action.v1", eventId, workflowVersionId, actionId]))
    .digest("base64url");
  return `bk_${digest.slice(0, 32)}`;
}
