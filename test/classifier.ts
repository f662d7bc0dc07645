import { mulberry32 } from "@/lib/classifier/hashing";
import { claimJobs } from "@/lib/server/jobs";
import { runTrainingJob } from "@/lib/learning/mutations/train";

/**
 * A small learnable support taxonomy for the classifier's product tests:
 * billing, shipping and login messages with a plan field, seeded.
 */
const TOPICS: Record<string, string[]> = {
  billing: ["invoice", "refund", "charged twice", "payment failed", "credit card", "vat number"],
  shipping: ["parcel", "delivery", "courier", "tracking number", "shipment", "arrived late"],
  login: ["password", "sign in", "two factor code", "locked out", "login page", "reset link"],
};
const FILLER = ["please help", "my", "the", "again today", "since monday", "urgent", "hi"];
export const SUPPORT_LABELS = Object.keys(TOPICS);

/** `noise`: share of messages whose label is drawn at random (a wrong label, as people make). */
export function supportMessages(n: number, seed = 7, noise = 0) {
  const random = mulberry32(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  return Array.from({ length: n }, () => {
    const topic = pick(SUPPORT_LABELS);
    const label = random() < noise ? pick(SUPPORT_LABELS) : topic;
    const message = [pick(FILLER), pick(TOPICS[topic]), pick(FILLER), pick(TOPICS[topic])].join(
      " ",
    );
    return { label, message, plan: pick(["free", "pro"]) };
  });
}

/** Runs the queued training jobs in this process (the thread does the training). */
export async function runTrainingJobs() {
  for (;;) {
    const jobs = await claimJobs("test-trainer", {
      limit: 5,
      leaseMs: 60_000,
      kinds: ["classifier.train"],
    });
    if (jobs.length === 0) return;
    for (const j of jobs) await runTrainingJob(j);
  }
}
