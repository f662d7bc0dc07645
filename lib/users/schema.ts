import { z } from "zod";

export const ZRole = z.enum(["ADMIN", "MANAGER", "AGENT"]);

// null and "" first: z.coerce.date() would turn null into 1970-01-01.
const ZOptionalDate = z
  .union([z.null(), z.literal(""), z.coerce.date({ error: "Use an ISO 8601 date-time" })])
  .transform((v) => (v === "" ? null : v));

export const ZCreateUser = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email").max(320),
  name: z.string().trim().min(1, "Enter a name").max(120),
  role: ZRole.default("AGENT"),
  teamId: z.string().min(1).nullable().default(null),
  capacity: z.coerce.number().int().min(0).max(1000).default(25),
  password: z.string().min(10, "Use at least 10 characters").max(200),
});
export type TCreateUser = z.infer<typeof ZCreateUser>;

export const ZUpdateUser = z
  .object({
    name: z.string().trim().min(1).max(120),
    role: ZRole,
    active: z.boolean(),
    teamId: z.string().min(1).nullable(),
    capacity: z.coerce.number().int().min(0).max(1000),
    available: z.boolean(),
    outOfOfficeFrom: ZOptionalDate,
    outOfOfficeUntil: ZOptionalDate,
  })
  .partial()
  .refine(
    (u) => !u.outOfOfficeFrom || !u.outOfOfficeUntil || u.outOfOfficeFrom < u.outOfOfficeUntil,
    { message: "Out-of-office end must be after its start", path: ["outOfOfficeUntil"] },
  );
export type TUpdateUser = z.infer<typeof ZUpdateUser>;

export const ZUserListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().trim().max(200).optional(),
});
