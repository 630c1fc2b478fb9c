import { type ChangeEvent, useEffect, useState } from 'react';
import { protocolErrorFromRejection } from '@/components/errors';
import { useI18n } from '@/components/i18n';
import { browser } from '@/lib/browser';
import { askBackground } from '@/lib/messaging/client';
import type { ProfileSettingsView, ProtocolError } from '@/lib/messaging/protocol';

/** The institute profile's settings as the background holds them, and the trainee's changes. */
export function useProfileSettings() {
  const { t } = useI18n();
  const [settings, setSettings] = useState<ProfileSettingsView | null>(null);
  const [error, setError] = useState<ProtocolError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    askBackground({ type: 'profile/get' }).then(setSettings, (failure: unknown) =>
      setError(protocolErrorFromRejection(failure)),
    );
  }, []);

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    setNotice(null);
    try {
      const next = await askBackground({ type: 'profile/import', json: await file.text() });
      setSettings(next);
      setNotice(t('profileImported', { name: next.instituteName }));
    } catch (failure) {
      setError(protocolErrorFromRejection(failure));
    }
  };

  const clearImported = async () => {
    try {
      setSettings(await askBackground({ type: 'profile/clearImported' }));
      setNotice(null);
    } catch (failure) {
      setError(protocolErrorFromRejection(failure));
    }
  };

  // Asked in the click itself: browsers grant host access only in answer to a user gesture.
  const allow = async (origin: string) => {
    try {
      if (await browser.permissions.request({ origins: [origin] })) {
        setSettings(await askBackground({ type: 'profile/sync' }));
      }
    } catch (failure) {
      setError(protocolErrorFromRejection(failure));
    }
  };

  const stopSite = (origin: string) =>
    askBackground({ type: 'site/disable', origin }).then(setSettings, (failure: unknown) =>
      setError(protocolErrorFromRejection(failure)),
    );

  return { settings, error, notice, importFile, clearImported, allow, stopSite };
}
