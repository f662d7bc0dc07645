import { z } from "zod";
import { ZSaneDate } from "@/lib/server/date-range";
import { zSortQuery } from "@/lib/server/sort-query";

export const ZRole = z.enum(["ADMIN", "MANAGER", "AGENT"]);

/** The user list's sortable columns; unsorted, active people come first, by role, then name. */
export const USER_SORTS = {
  name: "asc",
  role: "asc",
} as const satisfies Record<string, "asc" | "desc">;
export type TUserSort = keyof typeof USER_SORTS;

// null and "" first: z.coerce.date() would turn null into 1970-01-01.
const ZOptionalDate = z
  .union([z.null(), z.literal(""), ZSaneDate("Use an ISO 8601 date-time")])
  .transform((v) => (v === "" ? null : v));

/**
 * A password someone sets. Only the length is checked here (the same limits as
 * sign-in, so forms answer at once); the rest of the policy (leaked lists, the
 * user's own name and email, guessability) is lib/server/auth/password-policy.ts,
 * applied by the mutations. Never trimmed: spaces are part of a passphrase.
 */
const ZNewPassword = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(1024, "Use at most 1024 characters");

export const ZCreateUser = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email").max(320),
  name: z.string().trim().min(1, "Enter a name").max(120),
  role: ZRole.default("AGENT"),
  teamId: z.string().min(1).nullable().default(null),
  capacity: z.coerce.number().int().min(0).max(1000).default(25),
  password: ZNewPassword,
});
export type TCreateUser = z.infer<typeof ZCreateUser>;

/** An admin's reset: a temporary password the user must change at their next sign-in. */
export const ZResetPassword = z.object({ password: ZNewPassword });
export type TResetPassword = z.infer<typeof ZResetPassword>;

/** The change page: the current password, and the new one typed twice. */
export const ZChangePassword = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(1024),
    newPassword: ZNewPassword,
    confirmPassword: z.string().max(1024),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    message: "The two new passwords differ; type the same one twice",
    path: ["confirmPassword"],
  });
export type TChangePassword = z.infer<typeof ZChangePassword>;

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

export const ZUserListQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    perPage: z.coerce.number().int().min(1).max(200).default(50),
    q: z.string().trim().max(200).optional(),
  })
  .extend(zSortQuery(USER_SORTS).shape);
