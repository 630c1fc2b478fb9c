import { type ChangeEvent, useEffect, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { useBackground } from '@/components/use-background';
import { browser } from '@/lib/browser';
import type { ProfileSettingsView } from '@/lib/messaging/protocol';

/** The institute profile's settings as the background holds them, and the trainee's changes. */
export function useProfileSettings() {
  const { t } = useI18n();
  const [settings, setSettings] = useState<ProfileSettingsView | null>(null);
  const { ask, error, setError } = useBackground();
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void ask({ type: 'profile/get' }).then((reply) => {
      if (reply.ok) setSettings(reply.value);
    });
  }, [ask]);

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setNotice(null);
    const reply = await ask({ type: 'profile/import', json: await file.text() });
    if (!reply.ok) return;
    setSettings(reply.value);
    setNotice(t('profileImported', { name: reply.value.instituteName }));
  };

  const clearImported = async () => {
    const reply = await ask({ type: 'profile/clearImported' });
    if (!reply.ok) return;
    setSettings(reply.value);
    setNotice(null);
  };

  // Asked in the click itself: browsers grant host access only in answer to a user gesture.
  // A browser that throws instead of answering is a failure of ours, not a refusal.
  const allow = async (origin: string) => {
    const granted = await browser.permissions.request({ origins: [origin] }).catch(() => null);
    if (granted === null) setError({ code: 'internal' });
    if (!granted) return;
    const reply = await ask({ type: 'profile/sync' });
    if (reply.ok) setSettings(reply.value);
  };

  const stopSite = async (origin: string) => {
    const reply = await ask({ type: 'site/disable', origin });
    if (reply.ok) setSettings(reply.value);
  };

  return { settings, error, notice, importFile, clearImported, allow, stopSite };
}
