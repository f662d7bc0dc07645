import { z } from "zod";

/**
 * Config of the presets that sign the request URL (HubSpot v3, Twilio): the
 * address the provider was given, for when Baton sits behind a proxy that
 * changes scheme, host or path. Unset: the URL the request arrived at.
 */
export const ZPublicUrlConfig = z.object({
  publicUrl: z
    .url({ protocol: /^https?$/, error: "Enter the full http(s) address the provider was given" })
    .max(2000)
    .optional(),
});
export type TPublicUrlConfig = z.infer<typeof ZPublicUrlConfig>;
