import { z } from "zod";
import { ZCreateApiToken } from "@/lib/api-tokens/schema";
import { ZEventDetail, ZTimelineStep } from "@/lib/events/schema";
import { ZBulkRequest, ZExceptionAction, ZExceptionFilter } from "@/lib/exceptions/schema";
import { ZHandoffAction, ZOutcomeCallback } from "@/lib/handoffs/schema";
import { ZPreferencesInput } from "@/lib/notifications/preferences";
import { ZMarkNotificationsRead } from "@/lib/notifications/schema";
import { ZCreateSavedView } from "@/lib/saved-views/schema";
import { ZCreateAnyDestination } from "@/lib/destinations/create-body";
import { ZUpdateDestination } from "@/lib/destinations/schema";
import {
  ZContractCheck,
  ZCreateSource,
  ZRotateSourceSecret,
  ZUpdateSource,
} from "@/lib/sources/schema";
import { ZCreateUser, ZResetPassword, ZUpdateUser } from "@/lib/users/schema";
import * as A from "./admin-responses";
import { ZAlarmSettings } from "./alarm-operations";
import { ZAlarmSettingsInput } from "@/lib/channels/alarm-settings-schema";
import { ZEmailSettings } from "./email-operations";
import { ZFormAccepted, ZFormSettings } from "./form-operations";
import { ZFormConfig } from "@/lib/ingest/forms/config";
import { ZMailboxInput } from "@/lib/ingest/email/schema";
import { ZCreateTeam, ZLedgerAdjust, ZUpdateTeam } from "@/lib/teams/schema";
import * as P from "./people-responses";
import * as N from "./notification-responses";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";
import {
  ZBacktestWorkflow,
  ZCreateWorkflow,
  ZPublishWorkflow,
  ZRollbackWorkflow,
  ZSaveDraft,
  ZTestWorkflow,
} from "@/lib/workflows/schema";
import * as Q from "./queue-responses";
import * as C from "./classifier-operations";
import {
  ZExcludeExample,
  ZPredictRequest,
  ZResumeAutoActing,
  ZSpotCheckVerdict,
  ZThresholdRequest,
} from "@/lib/learning/schema";
import * as S from "./spot-check-operations";
import { ZLabelAction } from "@/lib/exceptions/schema";
import * as R from "./responses";
import * as W from "./workflow-responses";
import type { TJson } from "./types";

/**
 * Every named schema of the document, by its name under
 * `#/components/schemas/`. Request bodies are the very schemas the routes
 * validate with, so the document cannot drift from what is enforced.
 */
export const SCHEMAS = {
  Problem: R.ZProblem,
  Me: R.ZMe,
  User: R.ZUser,
  UserPage: R.ZUserPage,
  CreateUser: ZCreateUser,
  UpdateUser: ZUpdateUser,
  ResetPassword: ZResetPassword,
  PasswordReset: P.ZPasswordReset,
  ApiToken: R.ZApiToken,
  ApiTokenList: R.ZApiTokenList,
  CreateApiToken: ZCreateApiToken,
  CreatedApiToken: R.ZCreatedApiToken,
  RevokedApiToken: R.ZRevokedApiToken,
  Source: R.ZSource,
  SourceSummary: R.ZSourceSummary,
  SourceList: R.ZSourceList,
  CreateSource: ZCreateSource,
  CreatedSource: R.ZCreatedSource,
  RotateSourceSecret: ZRotateSourceSecret,
  RotatedSecret: R.ZRotatedSecret,
  EventAccepted: R.ZEventAccepted,
  OutcomeCallback: ZOutcomeCallback,
  OutcomeRecorded: R.ZOutcomeRecorded,
  EventDuplicate: R.ZEventDuplicate,
  EventBatch: R.ZEventBatch,
  IngestOk: R.ZIngestOk,
  EventDetail: ZEventDetail,
  TimelineStep: ZTimelineStep,
  ExceptionFilter: ZExceptionFilter,
  ExceptionListItem: Q.ZExceptionListItem,
  ExceptionCursorPage: Q.ZExceptionCursorPage,
  ExceptionPage: Q.ZExceptionPage,
  ExceptionList: Q.ZExceptionList,
  ReasonCounts: Q.ZReasonCounts,
  ExceptionState: Q.ZExceptionState,
  ExceptionDetail: Q.ZExceptionDetail,
  ExceptionAction: ZExceptionAction,
  ExceptionActionResult: Q.ZExceptionActionResult,
  ExceptionConflict: Q.ZExceptionConflict,
  ReplayPreview: Q.ZReplayPreview,
  BulkRequest: ZBulkRequest,
  BulkPlan: Q.ZBulkPlan,
  BulkResult: Q.ZBulkResult,
  BulkAnswer: Q.ZBulkAnswer,
  HandoffRow: Q.ZHandoffRow,
  HandoffPage: Q.ZHandoffPage,
  HandoffLeftList: Q.ZHandoffLeftList,
  HandoffList: Q.ZHandoffList,
  HandoffState: Q.ZHandoffState,
  HandoffDetail: Q.ZHandoffDetail,
  HandoffAction: ZHandoffAction,
  HandoffActionResult: Q.ZHandoffActionResult,
  HandoffConflict: Q.ZHandoffConflict,
  SavedView: Q.ZSavedView,
  SavedViewList: Q.ZSavedViewList,
  CreateSavedView: ZCreateSavedView,
  DeletedSavedView: Q.ZDeletedSavedView,
  SourceDetail: A.ZSourceDetail,
  UpdateSource: ZUpdateSource,
  SourceUpdated: A.ZSourceUpdated,
  ContractCheck: ZContractCheck,
  ContractCheckResult: A.ZContractCheckResult,
  OverlapEnded: A.ZOverlapEnded,
  MailboxInput: ZMailboxInput,
  EmailSettings: ZEmailSettings,
  AlarmSettingsInput: ZAlarmSettingsInput,
  AlarmSettings: ZAlarmSettings,
  FormConfig: ZFormConfig,
  FormSettings: ZFormSettings,
  FormAccepted: ZFormAccepted,
  Destination: A.ZDestination,
  DestinationList: A.ZDestinationList,
  CreateDestination: ZCreateAnyDestination,
  CreatedDestination: A.ZCreatedDestination,
  DestinationDetail: A.ZDestinationDetail,
  UpdateDestination: ZUpdateDestination,
  DestinationUpdated: A.ZDestinationUpdated,
  RotatedDestinationSecret: A.ZRotatedDestinationSecret,
  TestDeliveryResult: A.ZTestDeliveryResult,
  Delivery: A.ZDelivery,
  DeliveryPage: A.ZDeliveryPage,
  Team: P.ZTeam,
  TeamSummaryList: P.ZTeamSummaryList,
  TeamDetail: P.ZTeamDetail,
  CreateTeam: ZCreateTeam,
  UpdateTeam: ZUpdateTeam,
  LedgerAdjust: ZLedgerAdjust,
  LedgerAdjusted: P.ZLedgerAdjusted,
  AuditEntry: P.ZAuditEntry,
  AuditPage: P.ZAuditPage,
  AuditEntryDetail: P.ZAuditEntryDetail,
  RevertResult: P.ZRevertResult,
  RevertConflict: P.ZRevertConflict,
  Notification: N.ZNotification,
  NotificationPage: N.ZNotificationPage,
  MarkNotificationsRead: ZMarkNotificationsRead,
  MarkedNotificationsRead: N.ZMarkedNotificationsRead,
  NotificationPreferencesInput: ZPreferencesInput,
  NotificationPreferences: N.ZNotificationPreferences,
  WorkflowDefinition: ZWorkflowDefinition,
  WorkflowSummary: W.ZWorkflowSummary,
  WorkflowList: W.ZWorkflowList,
  CreateWorkflow: ZCreateWorkflow,
  WorkflowCreated: W.ZWorkflowCreated,
  WorkflowDetail: W.ZWorkflowDetail,
  SaveWorkflowDraft: ZSaveDraft,
  WorkflowVersionSummary: W.ZWorkflowVersionSummary,
  WorkflowVersion: W.ZWorkflowVersion,
  WorkflowVersionList: W.ZWorkflowVersionList,
  WorkflowDiffEntry: W.ZWorkflowDiffEntry,
  WorkflowDiff: W.ZWorkflowDiff,
  PublishWorkflow: ZPublishWorkflow,
  RollbackWorkflow: ZRollbackWorkflow,
  WorkflowPublished: W.ZWorkflowPublished,
  TestWorkflow: ZTestWorkflow,
  WorkflowTestRun: W.ZWorkflowTestRun,
  BacktestWorkflow: ZBacktestWorkflow,
  WorkflowBacktest: W.ZWorkflowBacktest,
  // ── Classifier (issue #16) ──
  ClassifierOverview: C.ZClassifierOverview,
  ClassifierImportRows: C.ZImportRows,
  ClassifierImportResult: C.ZImportResult,
  ClassifierExample: C.ZClassifierExample,
  ExcludeClassifierExample: ZExcludeExample,
  TrainingStarted: C.ZTrainingStarted,
  ClassifierVersion: C.ZClassifierVersion,
  ClassifierActivated: C.ZActivated,
  ClassifierPredictRequest: ZPredictRequest,
  Classification: C.ZClassification,
  ClassifierThresholdRequest: ZThresholdRequest,
  ClassifierThresholdProposal: C.ZThresholdProposal,
  LabelAction: ZLabelAction,
  LabelResult: C.ZLabelResult,
  SpotCheckPage: S.ZSpotCheckPage,
  SpotCheckVerdict: ZSpotCheckVerdict,
  SpotCheckDecided: S.ZSpotCheckDecided,
  ResumeAutoActing: ZResumeAutoActing,
  AutoActingResumed: S.ZAutoActingResumed,
} satisfies Record<string, z.ZodType>;

export type TSchemaName = keyof typeof SCHEMAS;

/** Problem statuses the API answers, with what each means in general. */
export const PROBLEMS = {
  400: ["BadRequest", "Invalid input (field errors in `errors`) or malformed JSON"],
  401: ["Unauthorized", "No valid session or Bearer token"],
  403: [
    "Forbidden",
    "Signed in, but the role may not do this (`FORBIDDEN`), or an admin reset the caller's " +
      "password and they must choose a new one first (`PASSWORD_CHANGE_REQUIRED`)",
  ],
  404: ["NotFound", "No such resource"],
  409: ["Conflict", "Conflicts with the current state (e.g. a key already taken)"],
  413: ["PayloadTooLarge", "Body over the size limit"],
  415: ["UnsupportedMediaType", "Content-Type is not application/json"],
  422: ["Unprocessable", "Well-formed but refused"],
  429: ["TooManyRequests", "Too many requests; see Retry-After"],
} as const;

export type TProblemStatus = keyof typeof PROBLEMS;

export const SCHEMA_REF = "#/components/schemas/";

// Bodies and queries are documented as the client sends them (`io: "input"`):
// defaults make fields optional, coerced fields take their target type.
export const JSON_SCHEMA_OPTIONS = {
  io: "input",
  unrepresentable: "any",
  override: (ctx) => {
    // z.coerce.date() in a body arrives as an ISO string.
    if (ctx.zodSchema._zod.def.type === "date") {
      ctx.jsonSchema.type = "string";
      ctx.jsonSchema.format = "date-time";
    }
    // The format says it; zod's 400-character regex for it would only add noise.
    if (ctx.jsonSchema.format === "date-time") delete ctx.jsonSchema.pattern;
  },
} satisfies z.core.ToJSONSchemaParams;

/** A JSON Schema embedded in the document: without its own `$schema`/`$id`. */
function embedded(schema: TJson): TJson {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

/** The JSON Schema of every entry of SCHEMAS, nested ones as `$ref`s to each other. */
export function componentSchemas(): Record<string, TJson> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    ...JSON_SCHEMA_OPTIONS,
    uri: (id) => `${SCHEMA_REF}${id}`,
  });
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, embedded(s)]));
}
