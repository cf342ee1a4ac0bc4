import { dictionary } from '@zxcvbn-ts/language-common';
import { text } from '../lib/text';

/**
 * The most common passwords (about 49,000, from the maintained zxcvbn-ts list), compared without case: the first
 * ones an attacker tries.
 */
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((word) => word.toLowerCase()));

// Control characters (C0, DEL, C1) cannot be typed reliably and hide what a password really is.
const CONTROL = /\p{Cc}/u;

/** What is wrong with a new password, or undefined when it may be used. */
export function passwordProblem(password: string): string | undefined {
  if (password.trim() === '') return 'must not be only white space';
  if (CONTROL.test(password)) return 'must not contain control characters';
  if (COMMON.has(password.toLowerCase()) || COMMON.has(password.trim().toLowerCase()))
    return 'is one of the most common passwords; choose another';
  return undefined;
}

/** A new password: 8 to 1000 characters kept as typed, no NUL or broken UTF-16, and the policy above. */
export const newPasswordSchema = text({ min: 8, max: 1000, trim: false }).superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});
