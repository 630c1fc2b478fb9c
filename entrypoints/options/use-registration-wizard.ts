import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useBackground } from '@/components/use-background';
import type { StatusView } from '@/lib/messaging/protocol';
import type { RegistrationChoice } from '@/lib/registration/choices';
import type { RegistrationFieldError } from '@/lib/registration/validate';
import { useKeyPickup } from './use-key-pickup';
import {
  EMPTY_WIZARD_FIELDS,
  firstStepWith,
  modeOfChoices,
  offeredOrigins,
  registrationInputOf,
  type SetWizardField,
  stepAfter,
  stepErrors,
  type WizardFields,
  type WizardStep,
  wizardMode,
} from './wizard-steps';

/**
 * The wizard's state: the step, what is typed, the wrong fields, and sending the registration.
 * The LMS addresses offered and accepted are the active profiles' (policy, imported, bundled,
 * enabled sites), as the background reads them; the chosen one's mode decides the steps. Each
 * step is checked by the same pure validator the background runs again before storing.
 */
export function useRegistrationWizard(onRegistered: (status: StatusView) => void) {
  const [step, setStep] = useState<WizardStep>('consent');
  const [fields, setFields] = useState<WizardFields>(EMPTY_WIZARD_FIELDS);
  const [errors, setErrors] = useState<readonly RegistrationFieldError[]>([]);
  const [choices, setChoices] = useState<readonly RegistrationChoice[]>([]);
  const background = useBackground();
  const { ask, setError } = background;

  useEffect(() => {
    void ask({ type: 'registration/choices' }, { quiet: true }).then((reply) => {
      if (!reply.ok) {
        setError(reply.error);
        return;
      }
      setChoices(reply.value);
      // The first offered address is chosen unless the trainee already typed one.
      const first = offeredOrigins(reply.value)[0]?.origin;
      if (first) setFields((current) => (current.lmsOrigin ? current : { ...current, lmsOrigin: first }));
    });
  }, [ask, setError]);

  const setField: SetWizardField = (field, value) => setFields((current) => ({ ...current, [field]: value }));
  const pickup = useKeyPickup(setFields, background);
  const input = registrationInputOf(fields);
  const mode = wizardMode(choices, fields.lmsOrigin);
  const modeOf = useMemo(() => modeOfChoices(choices), [choices]);

  const next = (event: FormEvent) => {
    event.preventDefault();
    const found = stepErrors(input, step, modeOf);
    setErrors(found);
    if (found.length > 0) return;
    const following = stepAfter(step, mode);
    if (following) setStep(following);
    else void register();
  };

  const register = async () => {
    const reply = await ask({ type: 'registration/save', registration: input });
    if (reply.ok) {
      setFields((current) => ({ ...current, pin: '', pinConfirmation: '' }));
      onRegistered(reply.value);
      return;
    }
    const wrong = reply.error.fields ?? [];
    if (wrong.length === 0) return;
    // Wrong fields are shown beside the fields, on the first step that asks for them.
    setError(null);
    setErrors(wrong);
    const firstStep = firstStepWith(wrong);
    if (firstStep) setStep(firstStep);
  };

  return {
    step,
    setStep,
    mode,
    choices,
    fields,
    setField,
    errors,
    keyNotice: pickup.keyNotice,
    failure: background.error,
    busy: background.busy,
    next,
    findKey: pickup.findKey,
    readPicture: pickup.readPicture,
  };
}
