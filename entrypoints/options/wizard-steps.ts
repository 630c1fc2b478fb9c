import type { VerificationMode } from '@/lib/profiles/types';
import { choiceForOrigin, type RegistrationChoice } from '@/lib/registration/choices';
import {
  CONSENT_VERSION,
  formatMobileNumber,
  type ModeOfOrigin,
  normalizeMobileNumber,
  type RegistrationFieldError,
  type RegistrationInput,
  toHttpOrigin,
  validateRegistration,
} from '@/lib/registration/validate';

/** The registration wizard's steps, in the order a web-OTP trainee walks them. */
export const WIZARD_STEPS = ['consent', 'identity', 'pin', 'key', 'summary'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** The steps each mode walks: an HRD mOTP trainee sets no PIN and registers no key. */
export const MODE_STEPS: Record<VerificationMode, readonly WizardStep[]> = {
  webOtp: WIZARD_STEPS,
  hrdMotp: ['consent', 'identity', 'summary'],
};

/** The mode of the LMS the trainee chose, among the active profiles' (web OTP until one is chosen). */
export function wizardMode(choices: readonly RegistrationChoice[], lmsOrigin: string): VerificationMode {
  const origin = toHttpOrigin(lmsOrigin);
  return (origin && choiceForOrigin(choices, origin)?.mode) || 'webOtp';
}

/** The validator's question, answered from the active profiles' choices. */
export function modeOfChoices(choices: readonly RegistrationChoice[]): ModeOfOrigin {
  return (origin) => choiceForOrigin(choices, origin)?.mode ?? null;
}

export type RegistrationField = RegistrationFieldError['field'];

/** Which fields each step asks for; the same validator checks each step and the whole. */
export const STEP_FIELDS: Record<WizardStep, readonly RegistrationField[]> = {
  consent: ['consent'],
  identity: ['lmsOrigin', 'name', 'phone'],
  pin: ['pin'],
  key: ['keyUri'],
  summary: [],
};

/** What the trainee has typed or ticked so far, as the wizard's controls hold it: what is sent,
 * with the consent as the box's tick instead of the version of the text agreed to. */
export type WizardFields = Omit<RegistrationInput, 'consentVersion'> & { readonly consent: boolean };

/** Sets one of the wizard's fields, typed by the field. */
export type SetWizardField = <F extends keyof WizardFields>(field: F, value: WizardFields[F]) => void;

/** A fresh wizard: nothing typed, nothing ticked. */
export const EMPTY_WIZARD_FIELDS: WizardFields = {
  consent: false,
  name: '',
  phone: '',
  pin: '',
  pinConfirmation: '',
  keyUri: '',
  lmsOrigin: '',
};

/** The registration the background is sent; consent records the version of the text agreed to. */
export function registrationInputOf(fields: WizardFields): RegistrationInput {
  const { consent, ...rest } = fields;
  return { consentVersion: consent ? CONSENT_VERSION : 0, ...rest };
}

/** The wrong fields among those `step` asks for (none once they are all right). */
export function stepErrors(
  input: RegistrationInput,
  step: WizardStep,
  modeOf: ModeOfOrigin,
): readonly RegistrationFieldError[] {
  const result = validateRegistration(input, modeOf);
  const fields = STEP_FIELDS[step];
  return result.ok ? [] : result.error.filter((error) => fields.includes(error.field));
}

/** The step after `step` in the mode's walk, or null on the last one (where the wizard registers). */
export function stepAfter(step: WizardStep, mode: VerificationMode = 'webOtp'): WizardStep | null {
  const steps = MODE_STEPS[mode];
  return steps[steps.indexOf(step) + 1] ?? null;
}

/** The step before `step` in the mode's walk; the first step stays where it is. */
export function stepBefore(step: WizardStep, mode: VerificationMode = 'webOtp'): WizardStep {
  const steps = MODE_STEPS[mode];
  return steps[steps.indexOf(step) - 1] ?? 'consent';
}

/** The earliest step asking for one of the wrong fields, to send the trainee back to. */
export function firstStepWith(errors: readonly RegistrationFieldError[]): WizardStep | undefined {
  return WIZARD_STEPS.find((candidate) => errors.some((f) => STEP_FIELDS[candidate].includes(f.field)));
}

/** The offered LMS addresses: each concrete origin once, in the profiles' order. */
export function offeredOrigins(choices: readonly RegistrationChoice[]): RegistrationChoice[] {
  const seen = new Set<string>();
  return choices.filter((choice) => {
    if (choice.origin === null || seen.has(choice.origin)) return false;
    seen.add(choice.origin);
    return true;
  });
}

/** The summary step's lines, shown as the background will store them. */
export function wizardSummary(fields: WizardFields): {
  readonly name: string | null;
  readonly phone: string | null;
  readonly lmsOrigin: string | null;
} {
  return {
    name: fields.name.trim() || null,
    phone: fields.phone.trim()
      ? formatMobileNumber(normalizeMobileNumber(fields.phone) ?? fields.phone)
      : null,
    lmsOrigin: toHttpOrigin(fields.lmsOrigin),
  };
}
