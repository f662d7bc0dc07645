import type { z } from "zod";
import { labelException } from "@/lib/exceptions/mutations/label-exception";
import { ZLabelAction } from "@/lib/exceptions/schema";
import { withApi } from "@/lib/server/api";
import { clientIp } from "@/lib/server/auth/client-ip";

/**
 * Confirms or corrects the classifier's label on an exception that carries
 * its suggestion: hands the case to the label's route (or the suggested
 * owner) and stores the labelled example. 409 when someone acted first.
 */
export const POST = withApi<z.output<typeof ZLabelAction>, undefined, { id: string }>(
  { permission: "exceptions:act", body: ZLabelAction },
  ({ actor, body, params, req, requestId }) =>
    labelException(actor, params.id, body, { requestId, ip: clientIp(req.headers) }),
);
