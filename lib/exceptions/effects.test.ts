import { describe, expect, it } from "vitest";
import { allowedActionsFor, type TExceptionReason } from "@/lib/exception-model/allowed-actions";
import { planAction, type TPlanExceptionInput, type TPlanFacts } from "./effects";

const facts = (f: Partial<TPlanFacts> = {}): TPlanFacts => ({
  eventHasActiveHandoff: false,
  eventBusy: false,
  attachedHandoffOpen: false,
  failedKeyDelivered: false,
  ...f,
});

const x = (
  reason: TExceptionReason,
  extra: Partial<TPlanExceptionInput> = {},
): TPlanExceptionInput => ({
  reason,
  status: "OPEN",
  eventId: "e1",
  recordId: "r1",
  handoffId: null,
  suggestion: null,
  allowedActions: allowedActionsFor(reason),
  context: {},
  ...extra,
});

describe("planAction", () => {
  it("sends a held email on approve, moves only the item on reassign", () => {
    const held = x("DRAFT_REVIEW", { handoffId: "h1", context: { idempotencyKey: "bk_1" } });
    const open = facts({ attachedHandoffOpen: true, eventHasActiveHandoff: true });
    expect(planAction(held, { action: "approve" }, open)).toMatchObject({
      ok: true,
      kind: "send_draft",
      effects: { deliveriesResent: 1 },
    });
    expect(planAction(held, { action: "reassign" }, open)).toMatchObject({
      kind: "move_exception",
    });
    expect(
      planAction(held, { action: "approve" }, facts({ failedKeyDelivered: true })),
    ).toMatchObject({ ok: false });
    expect(planAction({ ...held, context: {} }, { action: "approve" }, open)).toMatchObject({
      ok: false,
    });
    expect(planAction(held, { action: "replay" }, open)).toMatchObject({ ok: false });
  });
  it("approves a suggestion into a handoff, and refuses without one", () => {
    const withOwner = x("APPROVAL_REQUIRED", { suggestion: { ownerId: "u1" } });
    expect(planAction(withOwner, { action: "approve" }, facts())).toMatchObject({
      ok: true,
      kind: "create_handoff",
      effects: { handoffsCreated: 1 },
    });
    expect(planAction(x("LOW_CONFIDENCE"), { action: "approve" }, facts())).toMatchObject({
      ok: false,
      why: /no suggested owner/,
    });
    expect(
      planAction(withOwner, { action: "approve" }, facts({ eventHasActiveHandoff: true })),
    ).toMatchObject({ ok: false, why: /hand it off twice/ });
  });

  it("merges duplicates and accepts mismatched values by replaying the event", () => {
    expect(planAction(x("DUPLICATE_SUSPECTED"), { action: "approve" }, facts())).toMatchObject({
      kind: "merge",
      effects: { eventsReplayed: 1 },
    });
    expect(planAction(x("SOURCE_MISMATCH"), { action: "approve" }, facts())).toMatchObject({
      kind: "accept_event_values",
    });
  });

  it("reassigns: a new handoff, the open handoff moved, or the exception itself", () => {
    expect(planAction(x("NO_ROUTE"), { action: "reassign" }, facts())).toMatchObject({
      kind: "create_handoff",
      effects: { handoffsCreated: 1 },
    });
    const breach = x("SLA_BREACH", { handoffId: "h1" });
    expect(
      planAction(breach, { action: "reassign" }, facts({ attachedHandoffOpen: true })),
    ).toMatchObject({
      kind: "move_handoff",
      effects: { handoffsReassigned: 1 },
    });
    expect(planAction(breach, { action: "reassign" }, facts())).toMatchObject({ ok: false });
    expect(
      planAction(x("CONTRACT_VIOLATION", { recordId: null }), { action: "reassign" }, facts()),
    ).toMatchObject({
      kind: "move_exception",
    });
  });

  it("replays dead letters from the failed step only, and never an event that was handed off", () => {
    const dead = x("DEAD_LETTER", { handoffId: "h1", context: { idempotencyKey: "bk_1" } });
    const withHandoff = facts({ eventHasActiveHandoff: true, attachedHandoffOpen: true });
    expect(planAction(dead, { action: "replay", from: "failed_step" }, withHandoff)).toMatchObject({
      kind: "resend_delivery",
      effects: { deliveriesResent: 1 },
    });
    expect(planAction(dead, { action: "replay", from: "trigger" }, withHandoff)).toMatchObject({
      ok: false,
      why: /Replay from the failed step/,
    });
    expect(
      planAction(
        dead,
        { action: "replay", from: "failed_step" },
        facts({ failedKeyDelivered: true }),
      ),
    ).toMatchObject({ ok: false, why: /succeeded since/ });
    expect(
      planAction(x("STUCK"), { action: "replay", from: "failed_step" }, facts({ eventBusy: true })),
    ).toMatchObject({
      ok: false,
      why: /already being processed/,
    });
  });

  it("refuses what the reason does not allow, and anything once resolved", () => {
    expect(planAction(x("STUCK"), { action: "approve" }, facts())).toMatchObject({
      ok: false,
      why: '"approve" is not possible for Stuck.',
    });
    expect(
      planAction(x("STUCK", { status: "RESOLVED" }), { action: "close" }, facts()),
    ).toMatchObject({
      ok: false,
      why: /already resolved/,
    });
  });
});
