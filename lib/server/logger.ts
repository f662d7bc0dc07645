import pino from "pino";
import { env } from "./env";

// Lines go to stdout through this indirection so a test can capture them with
// a real pino destination stream (`redirectLogs`) instead of mocking the logger.
let destination: pino.DestinationStream = pino.destination({ fd: 1, sync: true });
const sink: pino.DestinationStream = { write: (line: string) => destination.write(line) };

/**
 * Structured JSON logs. The pipeline's correlation id is the event id: every
 * line about an event carries `eventId` (plus `jobId`, `requestId` or
 * `deliveryId` where there is one); use `logger.child({ eventId })` for a flow.
 */
export const logger = pino(
  {
    level: env.LOG_LEVEL,
    base: { service: "baton" },
    redact: [
      "password",
      "*.password",
      "token",
      "*.token",
      "signingSecret",
      "*.signingSecret",
      "previousSecret",
      "*.previousSecret",
      "secret",
      "*.secret",
    ],
  },
  sink,
);

/** Sends every log line to `stream` until the returned function restores stdout (tests). */
export function redirectLogs(stream: pino.DestinationStream): () => void {
  const previous = destination;
  destination = stream;
  return () => {
    destination = previous;
  };
}
