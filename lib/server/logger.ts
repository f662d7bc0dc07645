import pino from "pino";
import { env } from "./env";

/**
 * Structured JSON logs. Pass `{ requestId }` or `{ eventId }` as the first
 * argument so one id follows a request or an event through the pipeline.
 */
export const logger = pino({
  level: env.LOG_LEVEL,
  base: { service: "baton" },
  redact: ["password", "*.password", "token", "*.token", "signingSecret", "*.signingSecret"],
});
