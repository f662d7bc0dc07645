import "server-only";
import { readBodyCapped } from "@/lib/ingest/ingest-handler";
import { verifyDelivery } from "@/lib/ingest/verify";
import { db } from "@/lib/server/db";
import { AppError, fieldErrorsFromIssues } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { problemResponse } from "@/lib/server/problem";
import { newRequestId } from "@/lib/server/request-id";
import { ZOutcomeCallback } from "../schema";
import { completeInTx } from "./complete-handoff";
import { handoffLoadSelect } from "./run-handoff-action";

/** An outcome report is a few fields; anything bigger is not one. */
export const OUTCOME_CALLBACK_MAX_BYTES = 16 * 1024;

const notFound = (message: string) => new AppError({ code: "NOT_FOUND", message });

/**
 * `POST /api/v1/destinations/{key}/outcomes`: a destination reports the
 * outcome of a handoff Baton sent it (the CRM marks the deal won), which
 * moves a chain on like an agent's "Record outcome". Public, like ingest:
 * the Standard Webhooks signature with the destination's signing secret is
 * the authentication, and only handoffs delivered to that destination can be
 * reported. Answers 200 with the handoff's state; the same outcome again is a
 * 200 `duplicate` (senders retry), another one for a finished handoff 409.
 */
export async function handleOutcomeCallback(
  req: Request,
  destinationKey: string,
): Promise<Response> {
  const requestId = newRequestId();
  const headers = { "x-request-id": requestId };
  try {
    const destination = /^[a-z0-9][a-z0-9-]{0,62}$/.test(destinationKey)
      ? await db.destination.findUnique({
          where: { key: destinationKey },
          select: { id: true, key: true, signingSecret: true },
        })
      : null;
    if (!destination) throw notFound(`No destination "${destinationKey}"`);
    const bytes = await readBodyCapped(req, OUTCOME_CALLBACK_MAX_BYTES);
    if (bytes === null) {
      throw new AppError({
        code: "PAYLOAD_TOO_LARGE",
        message: `Body is over ${OUTCOME_CALLBACK_MAX_BYTES} bytes`,
      });
    }
    const body = Buffer.from(bytes).toString("utf8");
    const verified = verifyDelivery("standard-webhooks", {
      method: req.method,
      url: req.url,
      headers: req.headers,
      body,
      secrets: [destination.signingSecret],
      config: {},
      now: new Date(),
    });
    if (!verified.ok) throw new AppError({ code: "INVALID_SIGNATURE", message: verified.message });

    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new AppError({ code: "MALFORMED_JSON", message: "Body is not valid JSON" });
    }
    const parsed = ZOutcomeCallback.safeParse(json);
    if (!parsed.success) {
      throw new AppError({
        code: "VALIDATION_FAILED",
        message: "The outcome report has problems",
        details: { fields: fieldErrorsFromIssues(parsed.error.issues) },
      });
    }
    const input = parsed.data;
    const who = { type: "SYSTEM" as const, label: `destination:${destination.key}` };
    const answer = await db.$transaction(async (tx) => {
      const sent = await tx.delivery.findFirst({
        where: { destinationId: destination.id, handoffId: input.handoffId },
        select: { id: true },
      });
      const h = sent
        ? await tx.handoff.findUnique({ where: { id: input.handoffId }, select: handoffLoadSelect })
        : null;
      if (!h) throw notFound(`No handoff "${input.handoffId}" was sent to this destination`);
      if (h.state === "COMPLETED") {
        const current = await tx.handoff.findUniqueOrThrow({
          where: { id: h.id },
          select: { outcome: true },
        });
        if (current.outcome === input.outcome) {
          return { handoffId: h.id, state: h.state, outcome: input.outcome, duplicate: true };
        }
        throw new AppError({
          code: "CONFLICT",
          message: `This handoff is already completed as "${current.outcome}"`,
          details: { outcome: current.outcome },
        });
      }
      if (h.state !== "PENDING" && h.state !== "ACCEPTED") {
        throw new AppError({
          code: "CONFLICT",
          message: `This handoff is ${h.state.toLowerCase().replace("_", " ")}; its outcome cannot be recorded`,
          details: { state: h.state },
        });
      }
      const next = await completeInTx(tx, h, input, who, { requestId });
      return {
        handoffId: h.id,
        state: "COMPLETED" as const,
        outcome: input.outcome,
        nextStage: next ? { workflow: next.workflowName, eventId: next.eventId } : null,
      };
    });
    logger.info({ requestId, destination: destination.key, ...answer }, "outcome reported");
    return Response.json(answer, { status: 200, headers });
  } catch (e) {
    return problemResponse(e, requestId);
  }
}
