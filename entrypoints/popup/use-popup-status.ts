import { useCallback, useEffect, useState } from 'react';
import { applyBranding } from '@/components/branding';
import { useBackground } from '@/components/use-background';
import type { ProfileSettingsView, StatusView } from '@/lib/messaging/protocol';

/** The registration status and the institute's profile (with its branding applied) for the popup. */
export function usePopupStatus() {
  const [status, setStatus] = useState<StatusView | null>(null);
  const { ask, error: loadError } = useBackground();

  const [institute, setInstitute] = useState<ProfileSettingsView | null>(null);
  const refresh = useCallback(() => {
    void ask({ type: 'status/get' }).then((reply) => {
      if (reply.ok) setStatus(reply.value);
    });
  }, [ask]);
  useEffect(() => {
    // Without the profile the popup still shows the status, in the extension's own colours.
    void ask({ type: 'profile/get' }, { quiet: true }).then((reply) => {
      if (!reply.ok) return;
      setInstitute(reply.value);
      applyBranding(reply.value.branding);
    });
  }, [ask]);
  useEffect(refresh, [refresh]);

  return { status, loadError, institute, setInstitute, refresh };
}
