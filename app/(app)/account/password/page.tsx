import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ChangePasswordForm } from "@/components/users/change-password-form";
import { requireUser } from "@/lib/server/auth/current-user";
import { changePasswordAction } from "./actions";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  // The one page a user whose password was reset may open.
  const actor = await requireUser({ allowPasswordChange: true });
  const forced = actor.mustChangePassword === true;
  return (
    <>
      <PageHeader
        title={forced ? "Choose a new password" : "Change password"}
        description={
          forced
            ? "An admin reset your password. Choose a new one to continue; until then Baton's other pages and the API are closed to your account."
            : "Changing your password signs you out everywhere else: other browsers and devices have to sign in again. This one stays signed in."
        }
      />
      <ChangePasswordForm email={actor.email} forced={forced} action={changePasswordAction} />
    </>
  );
}
