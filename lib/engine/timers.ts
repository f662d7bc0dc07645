import "server-only";
import type { TClaimedJob } from "@/lib/server/jobs";
import { chooseOwner } from "./plan/assign/choose-owner";
import { breach, reassignment, reassignmentData, slaPolicy, withoutOwner } from "./plan/sla-breach";
import { approveIfUntouched, withDueHandoff } from "./store/sla-timers";

/**
 * A handoff's due time passed: if the owner has not accepted it, escalate as
 * the workflow's SLA says — reassign to the next eligible owner (up to
 * maxReassignments), or open an SLA_BREACH exception for the team's manager.
 */
export async function runSlaJob(job: TClaimedJob) {
  await withDueHandoff(job, String(job.payload.handoffId), async (h, now, store) => {
    const policy = slaPolicy(h);
    if (policy.reassign && policy.sla) {
      const directory = withoutOwner(await store.loadDirectory(), h.ownerId);
      const pick = policy.rule
        ? chooseOwner(policy.rule.assign, {
            directory,
            ledger: await store.loadLedger(),
            data: reassignmentData(h),
            now,
          })
        : null;
      if (pick?.ok) {
        const sla = policy.sla;
        return store.reassign(h, reassignment(h, pick, directory, { ...policy, sla }, now), now);
      }
    }
    const managerId = h.teamId ? await store.findManager(h.teamId) : null;
    await store.escalate(h, breach(h, managerId, policy.minutes));
  });
}

/**
 * Fast-track approval: nobody objected within the window, so the exception's
 * suggestion is approved as if a person had, and the handoff is created.
 */
export async function runAutoApproveJob(job: TClaimedJob) {
  await approveIfUntouched(
    job,
    String(job.payload.exceptionId),
    "Fast-track: approved automatically, nobody objected in time.",
  );
}
