import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { useBackground } from '@/components/use-background';
import type { StatusView } from '@/lib/messaging/protocol';

/**
 * The options page's state: the registration status, whether the wizard is open, the notice
 * after a change, and where focus goes once the wizard or the status card replaces the other.
 */
export function useOptionsStatus() {
  const { t } = useI18n();
  const [status, setStatus] = useState<StatusView | null>(null);
  const { ask, error } = useBackground();
  const [wizardOpen, setWizardOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // After the wizard (or a deletion) unmounts the focused control, focus lands on the heading
  // of what replaced it, so keyboard and screen-reader users are not dropped to the page's start.
  const [focusTarget, setFocusTarget] = useState<'status' | 'wizard' | null>(null);
  const statusHeadingRef = useRef<HTMLHeadingElement>(null);

  const refresh = useCallback(() => {
    void ask({ type: 'status/get' }).then((reply) => {
      if (reply.ok) setStatus(reply.value);
    });
  }, [ask]);
  useEffect(refresh, [refresh]);

  const remove = async () => {
    if (!window.confirm(t('deleteConfirm'))) return;
    const reply = await ask({ type: 'registration/delete' });
    if (!reply.ok) return;
    setStatus(reply.value);
    setNotice(t('deleted'));
    setFocusTarget('wizard');
  };

  useEffect(() => {
    if (focusTarget === 'status' && statusHeadingRef.current) {
      statusHeadingRef.current.focus();
      setFocusTarget(null);
    } else if (focusTarget === 'wizard') {
      document.getElementById('wizard-heading')?.focus();
      setFocusTarget(null);
    }
  });

  const openWizard = () => {
    setNotice(null);
    setWizardOpen(true);
    setFocusTarget('wizard');
  };
  const registered = (next: StatusView) => {
    setStatus(next);
    setWizardOpen(false);
    setNotice(t('registeredNotice'));
    setFocusTarget('status');
  };

  const registration = status?.registration ?? null;
  const showWizard = status !== null && (wizardOpen || registration === null);
  const closeWizard = () => setWizardOpen(false);
  return {
    status,
    registration,
    showWizard,
    error,
    notice,
    statusHeadingRef,
    remove,
    openWizard,
    closeWizard,
    registered,
  };
}
