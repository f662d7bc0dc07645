import type { TFormFields } from "./rules";

/**
 * The hook for a CAPTCHA service (hCaptcha, Turnstile, reCAPTCHA: each posts
 * a token field with the form that the server checks with the provider).
 * None can be reached from where Baton runs today, so the default accepts
 * everything; a deployment that can reach one sets its verifier at start-up
 * with `setCaptchaVerifier`. A post the verifier refuses is held as spam
 * ("CAPTCHA"), like a filled honeypot, never dropped.
 */
export type TCaptchaInput = {
  sourceKey: string;
  /** The fields as posted, the provider's token field included. */
  fields: TFormFields;
  ip: string;
};

export type TCaptchaVerdict = { ok: true } | { ok: false; reason: string };

export type TCaptchaVerifier = (input: TCaptchaInput) => Promise<TCaptchaVerdict>;

/** Accepts every post: no CAPTCHA service configured. */
export const noCaptcha: TCaptchaVerifier = async () => ({ ok: true });

const g = globalThis as unknown as { __batonCaptcha?: TCaptchaVerifier };

/** The verifier in use (the no-op one unless a deployment set another). */
export function captchaVerifier(): TCaptchaVerifier {
  return g.__batonCaptcha ?? noCaptcha;
}

/** Sets the verifier every form post is checked with (start-up; tests). Null: back to none. */
export function setCaptchaVerifier(verifier: TCaptchaVerifier | null): void {
  g.__batonCaptcha = verifier ?? undefined;
}
