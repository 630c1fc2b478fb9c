import type { FallbackLink } from '@/lib/messaging/protocol';
import type { SupportContacts } from '@/lib/profiles/types';
import { useI18n } from './i18n';

/** The institute's other ways to verify (phone, i-PIN, web OTP/CAPTCHA), opened on the LMS. */
export function FallbackLinks({
  fallbacks,
  emphasised,
}: {
  fallbacks: readonly FallbackLink[];
  emphasised: boolean;
}) {
  const { t } = useI18n();
  if (fallbacks.length === 0) {
    // A site whose own verification pages no profile names (HRD's generic recognition): the ways
    // out in words, where the trainee finds them on the LMS's page.
    if (!emphasised) return null;
    return (
      <section className="card stack fallbacks fallbacks--emphasised" data-testid="fallbacks">
        <h2>{t('fallbacksHeading')}</h2>
        <p>{t('fallbacksOnSite')}</p>
      </section>
    );
  }
  return (
    <nav
      className={emphasised ? 'card stack fallbacks fallbacks--emphasised' : 'fallbacks stack'}
      aria-labelledby="fallbacks-heading"
      data-testid="fallbacks"
    >
      <h2 id="fallbacks-heading">{t('fallbacksHeading')}</h2>
      <ul>
        {fallbacks.map((fallback) => (
          <li key={fallback.kind}>
            <a href={fallback.url} target="_blank" rel="noreferrer" data-fallback={fallback.kind}>
              {t(`fallback_${fallback.kind}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Profile links are a path on the LMS or an https URL; a path needs the LMS origin to open. */
function absolute(url: string, lmsOrigin: string | null): string {
  return url.startsWith('/') && lmsOrigin ? `${lmsOrigin}${url}` : url;
}

export function SupportContactsList({
  support,
  lmsOrigin,
}: {
  support: SupportContacts;
  lmsOrigin: string | null;
}) {
  const { t } = useI18n();
  return (
    <>
      {support.phone && <p>{t('helpLine', { phone: support.phone })}</p>}
      {support.email && <p>{t('supportEmail', { email: support.email })}</p>}
      {support.kakaoChannel && <p>{t('supportKakao', { channel: support.kakaoChannel })}</p>}
      {(support.remoteSupportUrl || support.manualUrl) && (
        <p className="row">
          {support.remoteSupportUrl && (
            <a href={absolute(support.remoteSupportUrl, lmsOrigin)} target="_blank" rel="noreferrer">
              {t('remoteSupport')}
            </a>
          )}
          {support.manualUrl && (
            <a href={absolute(support.manualUrl, lmsOrigin)} target="_blank" rel="noreferrer">
              {t('manualLink')}
            </a>
          )}
        </p>
      )}
    </>
  );
}
