import "server-only";
import { classifierConfigOf } from "@/lib/learning/config-of";
import type { TClassification } from "@/lib/learning/classify";
import type { TActor } from "@/lib/server/auth/actor";
import { AppError } from "@/lib/server/errors";
import type { TRequestCtx } from "@/lib/server/request-context";
import { exceptionScope } from "../data";
import { assertMayOperate } from "../policy";
import type { TLabelInput } from "../schema";
import { actOnExceptionInTx } from "./act-on-exception";
import { runExceptionAction, type TActionOutcome } from "./run-action";

/**
 * Confirm or correct the classifier's label on an exception that carries
 * its verdict, in one step (the queue's `y` and "correct to …"):
 * - the label routes to a team or a person → reassign there;
 * - otherwise → approve the suggested owner (the label is recorded either way);
 * - no route and no suggested owner → 422: reassign and name the label.
 * The labelled example is stored in the same transaction (act-on-exception).
 */
export async function labelException(
  actor: TActor,
  exceptionId: string,
  input: TLabelInput,
  ctx: TRequestCtx = {},
): Promise<TActionOutcome & { label: string; via: "approve" | "reassign" }> {
  assertMayOperate(actor, "approve");
  let via: "approve" | "reassign" = "approve";
  const out = await runExceptionAction(actor, exceptionId, async (tx) => {
    // In the caller's scope first: an id outside it is a 404, never a hint
    // that the exception exists (the access fault suite guesses ids).
    const x = await tx.exception.findFirst({
      where: { AND: [{ id: exceptionId }, exceptionScope(actor)] },
      select: { context: true, suggestion: true, workflowId: true },
    });
    if (!x) throw new AppError({ code: "NOT_FOUND", message: "No such exception" });
    const c = (x?.context as { decision?: { classifier?: TClassification } } | null)?.decision
      ?.classifier;
    const w = x?.workflowId
      ? await tx.workflow.findUnique({
          where: { id: x.workflowId },
          select: { draft: true, publishedVersion: { select: { definition: true } } },
        })
      : null;
    const config = w ? classifierConfigOf(w) : null;
    // Version and the action itself are checked by the action below; this
    // only needs to know the case has a verdict to confirm.
    if (!c || !config)
      throw new AppError({
        code: "UNPROCESSABLE",
        message: "This exception carries no classifier suggestion to confirm or correct.",
      });
    const route = config.routes[input.label];
    const note = input.note;
    if (route) {
      via = "reassign";
      return actOnExceptionInTx(
        tx,
        actor,
        exceptionId,
        {
          action: "reassign",
          ownerId: route.userId,
          teamId: route.teamId,
          label: input.label,
          note,
        },
        input.version,
        ctx,
      );
    }
    if (!x.suggestion)
      throw new AppError({
        code: "UNPROCESSABLE",
        message: `"${input.label}" routes to no one and the engine suggested no owner: reassign the case and name the label.`,
      });
    return actOnExceptionInTx(
      tx,
      actor,
      exceptionId,
      { action: "approve", label: input.label, note },
      input.version,
      ctx,
    );
  });
  return { ...out, label: input.label, via };
}
