import "server-only";
import { AppError } from "../errors";

/** Shorter is refused; the sign-in form accepts up to the maximum, so every allowed password can sign in. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1024;
/**
 * zxcvbn's 0–4 scale; 3 means about 10^8 guesses or more ("safely
 * unguessable" in zxcvbn's terms): out of reach online with the sign-in
 * throttle, and slow offline against an argon2id hash.
 */
export const PASSWORD_MIN_SCORE = 3;
/** After removing the user's own name and email from a password, this many letters or digits must remain. */
const MIN_OWN_CHARACTERS = 6;
const ZXCVBN_MAX_LENGTH = 128;

/** Who the password is for: their email and name must not make up the password. */
export type TPasswordOwner = { email?: string | null; name?: string | null };

type TChecker = {
  leaked: Set<string>;
  zxcvbn: typeof import("@zxcvbn-ts/core").zxcvbn;
};

// The dictionaries are megabytes: load them on the first password set, once,
// and only on the server (this module is server-only, so no client bundle pulls it).
let checker: Promise<TChecker> | undefined;
function loadChecker(): Promise<TChecker> {
  checker ??= (async () => {
    const [core, common] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
    ]);
    core.zxcvbnOptions.setOptions({
      dictionary: common.dictionary,
      graphs: common.adjacencyGraphs,
      useLevenshteinDistance: true,
    });
    return { leaked: new Set(common.dictionary.passwords), zxcvbn: core.zxcvbn };
  })().catch((e) => {
    // Fail closed for this call, but let the next one try again.
    checker = undefined;
    throw e;
  });
  return checker;
}

const normalise = (s: string) =>
  s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");

/** The pieces of a user's identity a password must not be built from, longest first. */
function identityTokens(owner: TPasswordOwner): string[] {
  const email = (owner.email ?? "").trim();
  const local = email.split("@")[0] ?? "";
  // The domain's labels too: for a company address they are the company's name.
  const raw = [
    email,
    local,
    owner.name ?? "",
    ...`${email} ${owner.name ?? ""}`.split(/[^\p{L}\p{N}]+/u),
  ];
  const tokens = new Set(raw.map(normalise).filter((t) => t.length >= 3));
  return [...tokens].sort((a, b) => b.length - a.length);
}

function builtFromIdentity(password: string, owner: TPasswordOwner): boolean {
  const tokens = identityTokens(owner);
  let rest = normalise(password);
  const local = normalise((owner.email ?? "").split("@")[0] ?? "");
  const name = normalise(owner.name ?? "");
  if ((local.length >= 4 && rest.includes(local)) || (name.length >= 4 && rest.includes(name))) {
    return true;
  }
  for (const t of tokens) rest = rest.replaceAll(t, "");
  return tokens.length > 0 && rest.length < MIN_OWN_CHARACTERS;
}

// zxcvbn's warning keys (no translation package loaded), said as what to do instead.
const WARNINGS: Record<string, string> = {
  straightRow: "Rows of keys on the keyboard are easy to guess; choose something else",
  keyPattern: "Short keyboard patterns are easy to guess; choose something else",
  simpleRepeat: 'Repeated characters like "aaa" are easy to guess; choose something else',
  extendedRepeat: 'Repeated patterns like "abcabc" are easy to guess; choose something else',
  sequences: 'Sequences like "abc" or "6543" are easy to guess; choose something else',
  recentYears: "Recent years are easy to guess; leave them out",
  dates: "Dates are easy to guess; leave them out",
  topTen: "This password is in lists of leaked passwords; choose another",
  topHundred: "This password is in lists of leaked passwords; choose another",
  common: "This password is in lists of leaked passwords; choose another",
  similarToCommon: "This is too close to a commonly used password; choose another",
  wordByItself: "Single words are easy to guess; use several unrelated words",
  userInputs:
    "Passwords with the account's name or email in them are easy to guess; choose another",
};
const WEAK =
  "This password is too easy to guess; make it longer, for example four or more unrelated words";

/**
 * Why a password may not be used, as one sentence telling the user what to
 * do, or null when it may. Checks, in order: length, the list of leaked and
 * common passwords, the user's own name and email, then zxcvbn's estimate
 * (with the name and email as known words) against PASSWORD_MIN_SCORE.
 */
export async function passwordProblem(
  password: string,
  owner: TPasswordOwner = {},
): Promise<string | null> {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    return `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `Use at most ${PASSWORD_MAX_LENGTH} characters`;
  }
  const { leaked, zxcvbn } = await loadChecker();
  if (leaked.has(password.toLowerCase()) || leaked.has(password.trim().toLowerCase())) {
    return "This password is in lists of leaked passwords; choose another";
  }
  if (builtFromIdentity(password, owner)) {
    return "This password contains the account's name or email; choose one that does not";
  }
  const userInputs = identityTokens(owner);
  // zxcvbn's cost grows fast with length (seconds at 1024 characters, and its
  // sync API ignores its own maxLength); ~130 ms at 128 here. A password whose
  // first 128 characters are hard to guess is hard to guess.
  const result = zxcvbn(password.slice(0, ZXCVBN_MAX_LENGTH), userInputs);
  if (result.score >= PASSWORD_MIN_SCORE) return null;
  return (result.feedback.warning && WARNINGS[result.feedback.warning]) || WEAK;
}

/**
 * Throws VALIDATION_FAILED with the policy's sentence as the field error on
 * `field` (`password` when an admin sets one, `newPassword` on the change page).
 */
export async function assertPasswordAllowed(
  password: string,
  owner: TPasswordOwner,
  field: "password" | "newPassword" = "password",
): Promise<void> {
  const problem = await passwordProblem(password, owner);
  if (problem) {
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: problem,
      details: { errors: { [field]: [problem] } },
    });
  }
}
