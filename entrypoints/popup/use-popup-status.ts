import { useCallback, useEffect, useState } from 'react';
import { applyBranding } from '@/components/branding';
import { protocolErrorFromRejection } from '@/components/errors';
import { askBackground } from '@/lib/messaging/client';
import type { ProfileSettingsView, ProtocolError, StatusView } from '@/lib/messaging/protocol';

/** The registration status and the institute's profile (with its branding applied) for the popup. */
export function usePopupStatus() {
  const [status, setStatus] = useState<StatusView | null>(null);
  const [loadError, setLoadError] = useState<ProtocolError | null>(null);

  const [institute, setInstitute] = useState<ProfileSettingsView | null>(null);
  const refresh = useCallback(() => {
    askBackground({ type: 'status/get' }).then(setStatus, (error: unknown) =>
      setLoadError(protocolErrorFromRejection(error)),
    );
  }, []);
  useEffect(() => {
    askBackground({ type: 'profile/get' }).then(
      (settings) => {
        setInstitute(settings);
        applyBranding(settings.branding);
      },
      () => undefined,
    );
  }, []);
  useEffect(refresh, [refresh]);

  return { status, loadError, institute, setInstitute, refresh };
}
