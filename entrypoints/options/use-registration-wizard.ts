import { type FormEvent, useState } from 'react';
import { protocolErrorFromRejection } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import { askBackground } from '@/lib/messaging/client';
import type { ProtocolError, StatusView } from '@/lib/messaging/protocol';
import { BUNDLED_PROFILES } from '@/lib/profiles/bundled';
import { profileForOrigin } from '@/lib/profiles/origins';
import type { RegistrationFieldError } from '@/lib/registration/validate';
import {
  EMPTY_WIZARD_FIELDS,
  firstStepWith,
  registrationInputOf,
  type SetWizardField,
  stepAfter,
  stepErrors,
  type WizardFields,
  type WizardStep,
} from './wizard-steps';

const isConfiguredOrigin = (origin: string) => profileForOrigin(BUNDLED_PROFILES, origin) !== null;

/**
 * The wizard's state: the step, what is typed, the wrong fields, and sending the registration.
 * Each step is checked by the same pure validator the background runs again before storing.
 */
export function useRegistrationWizard(onRegistered: (status: StatusView) => void) {
  const { t } = useI18n();
  const [step, setStep] = useState<WizardStep>('consent');
  const [fields, setFields] = useState<WizardFields>(EMPTY_WIZARD_FIELDS);
  const [errors, setErrors] = useState<readonly RegistrationFieldError[]>([]);
  const [keyNotice, setKeyNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<ProtocolError | null>(null);
  const [busy, setBusy] = useState(false);

  const setField: SetWizardField = (field, value) => setFields((current) => ({ ...current, [field]: value }));
  const input = registrationInputOf(fields);

  const next = (event: FormEvent) => {
    event.preventDefault();
    const found = stepErrors(input, step, isConfiguredOrigin);
    setErrors(found);
    if (found.length > 0) return;
    const following = stepAfter(step);
    if (following) setStep(following);
    else void register();
  };

  const register = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const status = await askBackground({ type: 'registration/save', registration: input });
      setFields((current) => ({ ...current, pin: '', pinConfirmation: '' }));
      onRegistered(status);
    } catch (error) {
      const problem = protocolErrorFromRejection(error);
      const wrong = problem.fields ?? [];
      if (wrong.length > 0) {
        setErrors(wrong);
        const firstStep = firstStepWith(wrong);
        if (firstStep) setStep(firstStep);
      } else {
        setFailure(problem);
      }
    } finally {
      setBusy(false);
    }
  };

  const findKey = async () => {
    setKeyNotice(null);
    try {
      const found = await askBackground({ type: 'enrollment/find' });
      if (found) {
        setFields((current) => ({ ...current, keyUri: found.keyUri, lmsOrigin: found.origin }));
        setKeyNotice(t('keyFound', { origin: found.origin }));
      } else {
        setKeyNotice(t('keyNotFound'));
      }
    } catch (error) {
      setFailure(protocolErrorFromRejection(error));
    }
  };

  return { step, setStep, fields, setField, errors, keyNotice, failure, busy, next, findKey };
}
