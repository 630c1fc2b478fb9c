import type { ChangeEvent } from 'react';
import { useI18n } from '@/components/i18n';
import type { ProfileSettingsView } from '@/lib/messaging/protocol';

/** Which institute, where its profile came from, its LMS origins, and any profile refused. */
export function ProfileSummary({ settings }: { settings: ProfileSettingsView }) {
  const { t } = useI18n();
  return (
    <>
      <dl className="compare">
        <dt>{t('instituteLabel')}</dt>
        <dd data-testid="profile-institute">{settings.instituteName}</dd>
        <dt>{t('profileSourceLabel')}</dt>
        <dd data-testid="profile-source" data-source={settings.source}>
          {t(`profileSource_${settings.source}`)}
        </dd>
        <dt>{t('profileOrigins')}</dt>
        <dd>{settings.origins.join(', ')}</dd>
      </dl>
      {settings.refusals.map((refusal) => (
        <p key={refusal.source} className="warning" role="alert" data-testid="profile-refusal">
          {t(`profileRefused_${refusal.source}`, {
            field: refusal.error.path,
            detail: refusal.error.message,
          })}
        </p>
      ))}
    </>
  );
}

/** The LMS origins an imported or policy profile adds: allowed already, or a button to allow. */
export function ExtraOrigins({
  extraOrigins,
  onAllow,
}: {
  extraOrigins: ProfileSettingsView['extraOrigins'];
  onAllow: (origin: string) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {extraOrigins.some((extra) => !extra.granted) && (
        <p className="hint">{t('profileOriginNeedsPermission')}</p>
      )}
      {extraOrigins.map((extra) =>
        extra.granted ? (
          <p key={extra.origin} className="ok">
            {t('profileOriginAllowed', { origin: extra.origin })}
          </p>
        ) : (
          <button key={extra.origin} type="button" onClick={() => onAllow(extra.origin)}>
            {t('profileAllowOrigin', { origin: extra.origin })}
          </button>
        ),
      )}
    </>
  );
}

/** Import a profile file, or remove the imported one. */
export function ProfileImport({
  imported,
  onFile,
  onClear,
}: {
  imported: boolean;
  onFile: (event: ChangeEvent<HTMLInputElement>) => void;
  onClear: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="row history__tools">
      {/* The browser's own file control speaks the browser's language: it is hidden, and the
          translated label (a button to look at) opens it, by mouse or keyboard alike. */}
      <label className="file-button">
        <input
          type="file"
          className="visually-hidden"
          accept="application/json,.json"
          onChange={onFile}
          data-testid="profile-file"
        />
        {t('profileImport')}
      </label>
      {imported && (
        <button type="button" className="danger" onClick={onClear}>
          {t('profileClearImported')}
        </button>
      )}
    </div>
  );
}
