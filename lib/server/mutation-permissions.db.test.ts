import fs from "node:fs";
import { DEFAULT_REVIEW_KEYWORDS } from "@/lib/destinations/email/hold";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REVERT_HANDLERS } from "@/lib/audit/mutations/revert/registry";
import { makeUser, uniq } from "@/test/factories";
import type { TActor } from "./auth/actor";
import { can, type TPermission } from "./auth/permissions";
import { db } from "./db";
import { isAppError } from "./errors";

/**
 * The domain's permission matrix. Every exported function of every mutation
 * module (lib/**\/mutations.ts, lib/**\/mutations/*.ts) and every audit
 * revert entry (revertAuditEntry and each REVERT_HANDLERS `apply`) is called
 * directly — no request wrapper in front, as the revert, bulk and a job call
 * them — as an admin, a manager, an agent, a deactivated admin and an admin
 * holding an API token. A caller the permission table (lib/server/auth/
 * permissions.ts) refuses must get FORBIDDEN, and nothing may be written for
 * it; a caller it allows must get anything else (its arguments point at rows
 * that do not exist, so most answer NOT_FOUND: the check comes first).
 *
 * An export this file does not list fails the first test: a new mutation is
 * listed here with the permission it checks, or as a system entry point or
 * a helper with the reason it takes no caller.
 */

type TFn = (...args: unknown[]) => Promise<unknown> | unknown;
type TFixtures = { userId: string; teamId: string; email: string };
type TCall = (fn: TFn, actor: TActor, f: TFixtures) => Promise<unknown> | unknown;

type TRow =
  | {
      kind: "checked";
      permission: TPermission;
      /** Also refused to an API token: only a signed-in person may (minting tokens, own password). */
      sessionOnly?: boolean;
      call: TCall;
    }
  /** Runs without a person: intake commits, the mailbox poller. Its caller authenticated the sender. */
  | { kind: "system"; why: string }
  /** Takes no caller and decides nothing: pure values, or a step on rows a checked caller loaded. */
  | { kind: "helper"; why: string };

const NOPE = "nope-not-an-id";

/** Runs `fn` in a transaction that always rolls back (in-transaction building blocks). */
class Rollback extends Error {}
async function inTx(fn: (tx: unknown) => Promise<unknown> | unknown) {
  try {
    await db.$transaction(async (tx) => {
      await fn(tx);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
}

/** An exception as loadForAction hands it on, for the `…InTx` steps. */
const loaded = (kind: string) => ({
  x: {
    id: NOPE,
    version: 0,
    status: "OPEN",
    reason: "APPROVAL_REQUIRED",
    context: null,
    suggestion: { ownerId: NOPE },
    eventId: NOPE,
    recordId: NOPE,
    handoffId: null,
    teamId: null,
    ownerId: null,
  },
  kind,
  effects: {
    handoffsCreated: 0,
    handoffsReassigned: 0,
    deliveriesResent: 0,
    eventsReplayed: 0,
  },
});

const fakeHandoff = {
  id: NOPE,
  state: "PENDING",
  version: 0,
  ownerId: null,
  teamId: null,
  eventId: null,
  recordId: NOPE,
  owner: null,
  record: { id: NOPE, email: null, name: null, company: null },
  event: null,
  workflowVersion: null,
};

const exceptionAct = (kind: string, input: object): TRow => ({
  kind: "checked",
  permission: "exceptions:act",
  call: (fn, a) => inTx((tx) => fn(tx, a, loaded(kind), input, {})),
});

const MATRIX: Record<string, TRow> = {
  // api tokens
  "lib/api-tokens/mutations.ts#createApiToken": {
    kind: "checked",
    permission: "tokens:own",
    sessionOnly: true,
    call: (fn, a) => fn(a, { name: uniq("tok") }),
  },
  "lib/api-tokens/mutations.ts#revokeApiToken": {
    kind: "checked",
    permission: "tokens:own",
    call: (fn, a) => fn(a, NOPE),
  },
  // destinations
  "lib/destinations/mutations.ts#createDestination": {
    kind: "checked",
    permission: "destinations:edit",
    call: (fn, a) =>
      fn(a, {
        key: uniq("dst"),
        name: "Matrix",
        url: "https://receiver.example/hook",
        timeoutMs: 1000,
        maxAttempts: 1,
        backoffBaseMs: 1000,
      }),
  },
  "lib/destinations/mutations.ts#updateDestination": {
    kind: "checked",
    permission: "destinations:edit",
    call: (fn, a) => fn(a, NOPE, { name: "x" }),
  },
  "lib/destinations/mutations.ts#rotateDestinationSecret": {
    kind: "checked",
    permission: "destinations:edit",
    call: (fn, a) => fn(a, NOPE),
  },
  "lib/destinations/mutations.ts#resetDestinationCircuit": {
    kind: "checked",
    permission: "destinations:edit",
    call: (fn, a) => fn(a, NOPE),
  },
  "lib/destinations/email/mutations.ts#createEmailDestination": {
    kind: "checked",
    permission: "destinations:edit",
    call: (fn, a) => fn(a, {}),
  },
  "lib/destinations/email/mutations.ts#updateEmailSettings": {
    kind: "checked",
    permission: "destinations:edit",
    call: (fn, a) => fn(a, NOPE, {}),
  },
  "lib/destinations/email/mutations.ts#sendTestEmail": {
    kind: "checked",
    permission: "destinations:edit",
    call: (fn, a) => fn(a, NOPE, "nobody@example.com"),
  },
  "lib/destinations/email/mutations.ts#saveReviewKeywords": {
    kind: "checked",
    permission: "settings:edit",
    // The defaults: the tests that read the phrase list expect them.
    call: (fn, a) => fn(a, [...DEFAULT_REVIEW_KEYWORDS]),
  },
  "lib/destinations/email/mutations.ts#saveReviewLabels": {
    kind: "checked",
    permission: "settings:edit",
    // None: the default, which the email tests expect.
    call: (fn, a) => fn(a, []),
  },
  "lib/exceptions/mutations/send-draft.ts#applyDraftEdit": {
    kind: "helper",
    why: "pure: the reviewer's edit applied to a held draft",
  },
  "lib/exceptions/mutations/send-draft.ts#sendDraftInTx": {
    kind: "checked",
    permission: "drafts:review",
    call: (fn, a) => inTx((tx) => fn(tx, a, { x: { context: {} }, effects: {} }, {}, {})),
  },
  "lib/destinations/mutations.ts#reorderQueuedActions": {
    kind: "checked",
    permission: "destinations:edit",
    call: (fn, a) => fn(a, NOPE, { by: "oldest" }),
  },
  "lib/destinations/mutations.ts#sendTestDelivery": {
    kind: "checked",
    permission: "destinations:edit",
    call: (fn, a) => fn(a, NOPE),
  },
  // systems of record (lib/destinations/record)
  "lib/destinations/record/mutations.ts#createRecordDestination": {
    kind: "checked",
    permission: "destinations:edit",
    call: (fn, a) =>
      fn(a, {
        key: uniq("crm").toLowerCase(),
        name: "Matrix CRM",
        url: "https://crm.example/api",
        authHeaderName: "Authorization",
        authHeaderValue: "Bearer matrix",
        reconcileEnabled: false,
        reconcileWindowHours: 24,
        timeoutMs: 1000,
        maxAttempts: 1,
        backoffBaseMs: 1000,
      }),
  },
  "lib/destinations/record/mutations.ts#updateRecordSettings": {
    kind: "checked",
    permission: "destinations:edit",
    call: (fn, a) =>
      fn(a, NOPE, {
        authHeaderName: "Authorization",
        authHeaderValue: "",
        clearAuthHeader: false,
        reconcileEnabled: true,
        reconcileWindowHours: 24,
      }),
  },
  // notifications, saved views
  "lib/notifications/mutations.ts#markNotificationsRead": {
    kind: "checked",
    permission: "notifications:own",
    call: (fn, a) => fn(a, { all: true }),
  },
  "lib/notifications/mutations.ts#saveNotificationPreferences": {
    kind: "checked",
    permission: "notifications:own",
    call: (fn, a) => fn(a, { emailKinds: [], digest: false, digestHour: 8 }),
  },
  "lib/notifications/mutations.ts#saveNotificationSender": {
    kind: "checked",
    permission: "settings:edit",
    // An unknown key: refused on the field after the role check, nothing written.
    call: (fn, a) => fn(a, NOPE),
  },
  "lib/saved-views/mutations.ts#createSavedView": {
    kind: "checked",
    permission: "queue:view",
    call: (fn, a) => fn(a, { name: uniq("view"), query: "status=OPEN", shared: false }),
  },
  "lib/saved-views/mutations.ts#deleteSavedView": {
    kind: "checked",
    permission: "queue:view",
    call: (fn, a) => fn(a, NOPE),
  },
  // sources
  "lib/sources/mutations.ts#newSigningSecret": { kind: "helper", why: "a random value" },
  "lib/sources/mutations.ts#createSource": {
    kind: "checked",
    permission: "sources:edit",
    call: (fn, a) => fn(a, { key: uniq("src"), name: "Matrix", maxBodyBytes: 1024 }),
  },
  "lib/sources/mutations.ts#rotateSourceSecret": {
    kind: "checked",
    permission: "sources:edit",
    call: (fn, a) => fn(a, NOPE, { overlapMinutes: 0 }),
  },
  "lib/sources/mutations.ts#updateSource": {
    kind: "checked",
    permission: "sources:edit",
    call: (fn, a) => fn(a, NOPE, { name: "x" }),
  },
  "lib/sources/mutations.ts#endSecretOverlap": {
    kind: "checked",
    permission: "sources:edit",
    call: (fn, a) => fn(a, NOPE),
  },
  // teams (the table has no teams:* permission: teams are edited with users)
  "lib/teams/mutations.ts#ledgerEntityId": { kind: "helper", why: "an id string" },
  "lib/teams/mutations.ts#createTeam": {
    kind: "checked",
    permission: "users:edit",
    call: (fn, a) => fn(a, { name: uniq("team") }),
  },
  "lib/teams/mutations.ts#updateTeam": {
    kind: "checked",
    permission: "users:edit",
    call: (fn, a) => fn(a, NOPE, { name: uniq("team") }),
  },
  "lib/teams/mutations.ts#applyTeamUpdate": {
    kind: "checked",
    permission: "users:edit",
    call: (fn, a) => inTx((tx) => fn(tx, a, NOPE, { name: uniq("team") })),
  },
  "lib/teams/mutations.ts#adjustLedger": {
    kind: "checked",
    permission: "users:edit",
    call: (fn, a, f) => fn(a, NOPE, { userId: f.userId, delta: 1, reason: "matrix" }),
  },
  "lib/teams/mutations.ts#applyLedgerValues": {
    kind: "checked",
    permission: "users:edit",
    call: (fn, a, f) =>
      inTx((tx) =>
        fn(
          tx,
          a,
          f.teamId,
          f.userId,
          { adjustment: 0, weight: 1 },
          { adjustment: 1, weight: 1 },
          {},
        ),
      ),
  },
  // users
  "lib/users/mutations/team-exists.ts#assertTeamExists": {
    kind: "helper",
    why: "reads whether a team exists; the user writes that call it check",
  },
  "lib/users/mutations/create-user.ts#createUser": {
    kind: "checked",
    permission: "users:edit",
    // An email that is taken: CONFLICT before the password policy runs.
    call: (fn, a, f) =>
      fn(a, { email: f.email, name: "x", role: "AGENT", password: "correct horse battery" }),
  },
  "lib/users/mutations/update-user.ts#updateUser": {
    kind: "checked",
    permission: "users:edit",
    call: (fn, a) => fn(a, NOPE, { name: "x" }),
  },
  "lib/users/mutations/update-user.ts#applyUserUpdate": {
    kind: "checked",
    permission: "users:edit",
    call: (fn, a) => inTx((tx) => fn(tx, a, NOPE, { name: "x" })),
  },
  "lib/users/mutations/change-own-password.ts#changeOwnPassword": {
    kind: "checked",
    permission: "account:password",
    sessionOnly: true,
    // The new password equals the current one: refused before any hash is checked.
    call: (fn, a) => fn(a, { currentPassword: "", newPassword: "" }, { ip: "192.0.2.1" }),
  },
  "lib/users/mutations/reset-user-password.ts#resetUserPassword": {
    kind: "checked",
    permission: "users:edit",
    call: (fn, a) => fn(a, NOPE, { password: "correct horse battery" }),
  },
  // exceptions: one action, bulk, and the steps they run
  "lib/exceptions/mutations/act-on-exception.ts#actOnException": {
    kind: "checked",
    permission: "exceptions:act",
    call: (fn, a) => fn(a, NOPE, { action: "close", version: 0, note: "matrix" }),
  },
  "lib/exceptions/mutations/act-on-exception.ts#actOnExceptionInTx": {
    kind: "checked",
    permission: "exceptions:act",
    call: (fn, a) => inTx((tx) => fn(tx, a, NOPE, { action: "close", note: "m" }, null, {})),
  },
  "lib/exceptions/mutations/bulk.ts#planBulk": {
    kind: "checked",
    permission: "exceptions:bulk",
    call: (fn, a) => fn(a, { action: "close", note: "matrix", ids: [NOPE] }),
  },
  "lib/exceptions/mutations/bulk.ts#runBulk": {
    kind: "checked",
    permission: "exceptions:bulk",
    call: (fn, a) => fn(a, { action: "close", note: "matrix", ids: [NOPE] }),
  },
  "lib/exceptions/mutations/approve-exception.ts#approveInTx": exceptionAct("answer", {}),
  "lib/exceptions/mutations/label-exception.ts#labelException": {
    kind: "checked",
    permission: "exceptions:act",
    call: (fn, a) => fn(a, NOPE, { label: "x", version: 0 }),
  },
  // the classifier (issue #16): labelled examples, training, versions, thresholds
  "lib/learning/mutations/examples.ts#importExamples": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) => fn(a, NOPE, [], { origin: "API" }),
  },
  "lib/learning/mutations/examples.ts#setExampleExcluded": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) => fn(a, NOPE, { excluded: false }),
  },
  "lib/learning/mutations/examples.ts#recordDecisionExampleInTx": {
    kind: "helper",
    why: "a step of a person's decision, inside the checked action's transaction",
  },
  "lib/learning/mutations/examples.ts#recordExceptionDecisionInTx": {
    kind: "helper",
    why: "a step of an exception action, on the exception the checked action loaded",
  },
  "lib/learning/mutations/examples.ts#recordHandoffAcceptedInTx": {
    kind: "helper",
    why: "a step of accepting a handoff, inside the checked action's transaction",
  },
  "lib/learning/mutations/train.ts#requestTraining": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) => fn(a, NOPE),
  },
  "lib/learning/mutations/train.ts#activateVersion": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) => fn(a, NOPE, 1),
  },
  "lib/learning/mutations/train.ts#runTrainingJob": {
    kind: "system",
    why: "the worker's training job, queued by a checked requestTraining or the retrain scan",
  },
  "lib/learning/mutations/train.ts#requestDueTraining": {
    kind: "system",
    why: "the worker's scan for workflows with enough new labels",
  },
  "lib/learning/mutations/train.ts#failStaleTrainingInTx": {
    kind: "system",
    why: "the retrain scan and a training request fail versions whose worker died",
  },
  "lib/learning/mutations/spot-checks.ts#decideSpotCheck": {
    kind: "checked",
    permission: "classifier:spot-check",
    call: (fn, a) => fn(a, NOPE, { verdict: "confirm" }),
  },
  "lib/learning/mutations/spot-checks.ts#resumeAutoActing": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) => fn(a, NOPE, { note: "retrained" }),
  },
  "lib/learning/mutations/live-precision.ts#evaluateDriftInTx": {
    kind: "system",
    why: "after a checked verdict or correction: live precision may pause auto-acting (no caller of its own)",
  },
  "lib/learning/mutations/live-precision.ts#noteLaterLabelInTx": {
    kind: "helper",
    why: "a step of a person's decision, inside the checked action's transaction",
  },
  "lib/learning/mutations/propose-threshold.ts#proposeThreshold": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) => fn(a, NOPE, { targetPrecision: 0.9 }, async () => {}),
  },
  "lib/exceptions/mutations/close-exception.ts#closeInTx": exceptionAct("close", { note: "m" }),
  "lib/exceptions/mutations/reject-exception.ts#rejectInTx": exceptionAct("reject", {
    reason: "m",
  }),
  "lib/exceptions/mutations/escalate-exception.ts#escalateInTx": exceptionAct("escalate", {}),
  "lib/exceptions/mutations/reassign-exception.ts#reassignInTx": exceptionAct("reassign", {
    ownerId: NOPE,
  }),
  "lib/exceptions/mutations/replay-exception.ts#replayInTx": exceptionAct("replay_event", {
    from: "trigger",
  }),
  "lib/exceptions/mutations/edit-replay-exception.ts#editReplayInTx": exceptionAct("replay_event", {
    patch: {},
  }),
  "lib/exceptions/mutations/replay-event.ts#replayEventInTx": {
    kind: "checked",
    permission: "exceptions:act",
    call: (fn, a) => inTx((tx) => fn(tx, a, {}, loaded("replay_event").x, { from: "trigger" })),
  },
  "lib/exceptions/mutations/replay-event.ts#resendDeliveryInTx": {
    kind: "checked",
    permission: "exceptions:act",
    call: (fn, a) => inTx((tx) => fn(tx, a, {}, loaded("resend_delivery").x)),
  },
  "lib/exceptions/mutations/run-action.ts#loadForAction": {
    kind: "checked",
    permission: "exceptions:act",
    call: (fn, a) => inTx((tx) => fn(tx, a, NOPE, { action: "close" }, null)),
  },
  "lib/exceptions/mutations/run-action.ts#runExceptionAction": {
    kind: "checked",
    permission: "exceptions:act",
    call: (fn, a) => fn(a, NOPE, async () => ({})),
  },
  "lib/exceptions/mutations/run-action.ts#auditException": {
    kind: "checked",
    permission: "exceptions:act",
    call: (fn, a) => inTx((tx) => fn(tx, a, {}, { id: NOPE, action: "exception.matrix" })),
  },
  "lib/exceptions/mutations/run-action.ts#claimException": {
    kind: "helper",
    why: "a version-checked write of an exception loadForAction already checked",
  },
  "lib/exceptions/mutations/run-action.ts#resolvedBy": { kind: "helper", why: "builds fields" },
  // handoffs
  "lib/handoffs/mutations/act-on-handoff.ts#actOnHandoff": {
    kind: "checked",
    permission: "handoffs:act",
    call: (fn, a) => fn(a, NOPE, { action: "accept", version: 0 }),
  },
  "lib/handoffs/mutations/accept-handoff.ts#acceptHandoff": {
    kind: "checked",
    permission: "handoffs:act",
    call: (fn, a) => fn(a, NOPE, { action: "accept", version: 0 }),
  },
  "lib/handoffs/mutations/complete-handoff.ts#completeHandoff": {
    kind: "checked",
    permission: "handoffs:act",
    call: (fn, a) => fn(a, NOPE, { action: "complete", version: 0, outcome: "done" }),
  },
  "lib/handoffs/mutations/hand-back-handoff.ts#handBackHandoff": {
    kind: "checked",
    permission: "handoffs:act",
    call: (fn, a) => fn(a, NOPE, { action: "hand_back", version: 0, reason: "m" }),
  },
  "lib/handoffs/mutations/ask-manager.ts#askManager": {
    kind: "checked",
    permission: "handoffs:act",
    call: (fn, a) => fn(a, NOPE, { action: "ask_manager", version: 0, question: "m" }),
  },
  "lib/handoffs/mutations/run-handoff-action.ts#runHandoffAction": {
    kind: "checked",
    permission: "handoffs:act",
    call: (fn, a) => fn(a, NOPE, 0, ["PENDING"], async () => {}),
  },
  "lib/handoffs/mutations/run-handoff-action.ts#auditHandoff": {
    kind: "checked",
    permission: "handoffs:act",
    call: (fn, a) => inTx((tx) => fn(tx, a, {}, { id: NOPE, action: "handoff.matrix" })),
  },
  "lib/handoffs/mutations/run-handoff-action.ts#claimHandoff": {
    kind: "helper",
    why: "a version-checked write of a handoff runHandoffAction already checked",
  },
  "lib/handoffs/mutations/complete-handoff.ts#completeInTx": {
    kind: "helper",
    why: "the completion on a handoff completeHandoff (role) or the signed outcome callback loaded",
  },
  "lib/handoffs/mutations/start-next-stage.ts#startNextStageInTx": {
    kind: "helper",
    why: "starts the chained stage inside a completion that was already checked",
  },
  "lib/handoffs/mutations/outcome-callback.ts#handleOutcomeCallback": {
    kind: "system",
    why: "a destination's outcome report; its Standard Webhooks signature with the destination's secret authenticates it",
  },
  "lib/handoffs/mutations/open-handoff-exception.ts#openHandoffException": {
    kind: "checked",
    permission: "handoffs:act",
    call: (fn, a) =>
      inTx((tx) =>
        fn(tx, a, {}, fakeHandoff, {
          reason: "NO_ROUTE",
          titlePrefix: "Matrix",
          detail: "m",
          context: {},
        }),
      ),
  },
  // workflows
  "lib/workflows/mutations/create-workflow.ts#createWorkflow": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) => fn(a, { name: uniq("wf") }),
  },
  "lib/workflows/mutations/save-draft.ts#saveDraft": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) => fn(a, NOPE, { definition: {} }),
  },
  "lib/workflows/mutations/discard-draft.ts#discardDraft": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) => fn(a, NOPE),
  },
  "lib/workflows/mutations/publish-workflow.ts#publishWorkflow": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) => fn(a, NOPE, {}),
  },
  "lib/workflows/mutations/publish-workflow.ts#addVersion": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) => inTx((tx) => fn(tx, a, NOPE, {}, null)),
  },
  "lib/workflows/mutations/publish-workflow.ts#isVersionRace": {
    kind: "helper",
    why: "reads an error's code",
  },
  "lib/workflows/mutations/rollback-workflow.ts#rollbackWorkflow": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) => fn(a, NOPE, { version: 1 }),
  },
  "lib/workflows/mutations/rollback-workflow.ts#rollbackWorkflowInTx": {
    kind: "checked",
    permission: "workflows:edit",
    call: (fn, a) =>
      inTx((tx) => fn(tx, a, NOPE, { version: 1 }, { action: "workflow.matrix", reason: null })),
  },
  // intake: the system writes, for senders their caller authenticated
  "lib/ingest/mutations.ts#commitEvents": {
    kind: "system",
    why: "the ingest group commit, after the source's signature or form check",
  },
  "lib/ingest/mutations.ts#addRejectionCounts": {
    kind: "system",
    why: "counts refused deliveries; nobody is acting",
  },
  "lib/ingest/held/mutations.ts#holdDelivery": {
    kind: "system",
    why: "keeps a suspected-spam post from an intake channel for an admin",
  },
  "lib/ingest/held/mutations.ts#releaseHeldDelivery": {
    kind: "checked",
    permission: "sources:held",
    call: (fn, a) => fn(a, NOPE, NOPE),
  },
  "lib/ingest/held/mutations.ts#deleteHeldDelivery": {
    kind: "checked",
    permission: "sources:held",
    call: (fn, a) => fn(a, NOPE, NOPE),
  },
  "lib/ingest/forms/mutations.ts#updateFormConfig": {
    kind: "checked",
    permission: "sources:edit",
    call: (fn, a) => fn(a, NOPE, {}),
  },
  "lib/ingest/email/mutations.ts#setMailbox": {
    kind: "checked",
    permission: "sources:edit",
    // A private address: refused as a field error, before any connection.
    call: (fn, a) =>
      fn(a, NOPE, {
        host: "10.0.0.1",
        port: 993,
        secure: true,
        username: "u",
        password: "p",
        folder: "INBOX",
        pollSeconds: 60,
        markSeen: true,
        active: true,
      }),
  },
  "lib/ingest/email/mutations.ts#deleteMailbox": {
    kind: "checked",
    permission: "sources:edit",
    call: (fn, a) => fn(a, NOPE),
  },
  "lib/ingest/email/mutations.ts#resetMailboxUids": {
    kind: "system",
    why: "the mailbox poller's own bookkeeping",
  },
  "lib/ingest/email/mutations.ts#advanceMailboxUid": {
    kind: "system",
    why: "the mailbox poller's own bookkeeping",
  },
  "lib/ingest/email/mutations.ts#recordMailboxPoll": {
    kind: "system",
    why: "the mailbox poller's own bookkeeping",
  },
  // the audit log's revert: the entry, then each entity's apply (an edit of that entity)
  "lib/audit/mutations/revert/revert-entry.ts#revertAuditEntry": {
    kind: "checked",
    permission: "audit:revert",
    call: (fn, a) => fn(a, NOPE),
  },
};

const REVERT_PERMISSION: Record<string, TPermission> = {
  user: "users:edit",
  team: "users:edit",
  round_robin_ledger: "users:edit",
  source: "sources:edit",
  destination: "destinations:edit",
  workflow: "workflows:edit",
};

const libDir = path.resolve(import.meta.dirname, "..");
const root = path.resolve(libDir, "..");

/** lib/**\/mutations.ts, lib/**\/mutations/*.ts (tests aside), and the revert entry. */
function mutationModules(dir = libDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "generated" ? [] : mutationModules(full);
    if (!/\.ts$/.test(d.name) || /\.test\.ts$/.test(d.name)) return [];
    const inFolder = path.basename(dir) === "mutations";
    return inFolder || d.name === "mutations.ts" ? [full] : [];
  });
}

type TCase = { key: string; fn: TFn; row: Extract<TRow, { kind: "checked" }> };

const found = new Map<string, TFn>();
const cases: TCase[] = [];
const actors: { label: string; actor: TActor; token?: boolean }[] = [];
let fixtures: TFixtures;

beforeAll(async () => {
  const files = [...mutationModules(), path.join(libDir, "audit/mutations/revert/revert-entry.ts")];
  for (const file of files) {
    const mod = (await import(file)) as Record<string, unknown>;
    const rel = path.relative(root, file);
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === "function") found.set(`${rel}#${name}`, value as TFn);
    }
  }
  for (const [key, row] of Object.entries(MATRIX)) {
    const fn = found.get(key);
    if (row.kind === "checked" && fn) cases.push({ key, fn, row });
  }
  for (const [type, handler] of Object.entries(REVERT_HANDLERS)) {
    const permission = REVERT_PERMISSION[type];
    if (!handler || !permission) continue;
    cases.push({
      key: `revert handler ${type}.apply`,
      fn: handler.apply.bind(handler) as TFn,
      row: {
        kind: "checked",
        permission,
        call: (fn, actor) =>
          inTx((tx) =>
            fn(
              {
                tx,
                actor,
                entityId: `${NOPE}:${NOPE}`,
                audit: { action: `${type}.reverted`, reason: "matrix" },
              },
              {},
            ),
          ),
      },
    });
  }

  const team = await db.team.create({ data: { name: uniq("matrix") } });
  const admin = await makeUser("ADMIN", { teamId: team.id });
  const manager = await makeUser("MANAGER", { teamId: team.id });
  const agent = await makeUser("AGENT", { teamId: team.id });
  const gone = await makeUser("ADMIN");
  await db.user.update({ where: { id: gone.user.id }, data: { active: false } });
  fixtures = { userId: agent.user.id, teamId: team.id, email: agent.user.email };
  actors.push(
    { label: "admin", actor: admin.actor },
    { label: "manager", actor: manager.actor },
    { label: "agent", actor: agent.actor },
    { label: "deactivated admin", actor: { ...gone.actor, active: false } },
    {
      label: "admin with an API token",
      actor: { ...admin.actor, via: "token", tokenId: NOPE },
      token: true,
    },
  );
});

async function outcome(c: TCase, actor: TActor): Promise<string> {
  try {
    await c.row.call(c.fn, actor, fixtures);
    return "ok";
  } catch (e) {
    return isAppError(e) ? e.code : `threw ${(e as Error)?.name ?? "something"}`;
  }
}

describe("every exported mutation checks the permission table", () => {
  it("lists every export of every mutation module, and nothing that is gone", () => {
    const unlisted = [...found.keys()].filter((k) => !(k in MATRIX));
    expect(unlisted, "exports the matrix does not list: add each with its permission").toEqual([]);
    const stale = Object.keys(MATRIX).filter((k) => !found.has(k));
    expect(stale, "matrix rows whose export no longer exists").toEqual([]);
    const handlers = Object.keys(REVERT_HANDLERS).filter((t) => !(t in REVERT_PERMISSION));
    expect(handlers, "revert handlers without a permission in this matrix").toEqual([]);
  });

  it("refuses exactly the callers the table refuses, before writing anything", async () => {
    const wrong: string[] = [];
    let refusals = 0;
    for (const c of cases) {
      for (const { label, actor, token } of actors) {
        const allowed = can(actor, c.row.permission) && !(token && c.row.sessionOnly);
        const audits = await db.auditEntry.count();
        const got = await outcome(c, actor);
        if (allowed && got === "FORBIDDEN") wrong.push(`${c.key} as ${label}: FORBIDDEN`);
        if (!allowed) {
          refusals += 1;
          if (got !== "FORBIDDEN") wrong.push(`${c.key} as ${label}: ${got}, not FORBIDDEN`);
          else if ((await db.auditEntry.count()) !== audits) {
            wrong.push(`${c.key} as ${label}: refused, but wrote an audit entry`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    // The matrix is not vacuous: every row has at least the deactivated admin to refuse.
    expect(refusals).toBeGreaterThanOrEqual(cases.length);
    expect(cases.length).toBeGreaterThan(60);
  });
});
