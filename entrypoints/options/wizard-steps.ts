import {
  CONSENT_VERSION,
  formatMobileNumber,
  normalizeMobileNumber,
  type RegistrationFieldError,
  type RegistrationInput,
  toHttpOrigin,
  validateRegistration,
} from '@/lib/registration/validate';

/** The registration wizard's steps, in the order the trainee walks them. */
export const WIZARD_STEPS = ['consent', 'identity', 'pin', 'key', 'summary'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export type RegistrationField = RegistrationFieldError['field'];

/** Which fields each step asks for; the same validator checks each step and the whole. */
export const STEP_FIELDS: Record<WizardStep, readonly RegistrationField[]> = {
  consent: ['consent'],
  identity: ['name', 'phone'],
  pin: ['pin'],
  key: ['keyUri', 'lmsOrigin'],
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
  isConfiguredOrigin: (origin: string) => boolean,
): readonly RegistrationFieldError[] {
  const result = validateRegistration(input, isConfiguredOrigin);
  const fields = STEP_FIELDS[step];
  return result.ok ? [] : result.error.filter((error) => fields.includes(error.field));
}

/** The step after `step`, or null on the last one (where the wizard registers instead). */
export function stepAfter(step: WizardStep): WizardStep | null {
  return WIZARD_STEPS[WIZARD_STEPS.indexOf(step) + 1] ?? null;
}

/** The step before `step`; the first step stays where it is. */
export function stepBefore(step: WizardStep): WizardStep {
  return WIZARD_STEPS[WIZARD_STEPS.indexOf(step) - 1] ?? 'consent';
}

/** The earliest step asking for one of the wrong fields, to send the trainee back to. */
export function firstStepWith(errors: readonly RegistrationFieldError[]): WizardStep | undefined {
  return WIZARD_STEPS.find((candidate) => errors.some((f) => STEP_FIELDS[candidate].includes(f.field)));
}

/** The summary step's lines, shown as the background will store them. */
export function wizardSummary(fields: WizardFields): {
  readonly name: string;
  readonly phone: string;
  readonly lmsOrigin: string | null;
} {
  return {
    name: fields.name.trim(),
    phone: formatMobileNumber(normalizeMobileNumber(fields.phone) ?? fields.phone),
    lmsOrigin: toHttpOrigin(fields.lmsOrigin),
  };
}
