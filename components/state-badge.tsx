import type { StatusView } from '@/lib/messaging/protocol';
import { useI18n } from './i18n';

/** Ready, locked (5 wrong codes) or wiped (5 wrong PINs), in words and not only colour. */
export function StateBadge({ status }: { status: StatusView }) {
  const { t } = useI18n();
  const state = status.counters.codesLocked
    ? 'locked'
    : status.registration?.mode === 'webOtp' && !status.registration.hasSecret
      ? 'wiped'
      : 'ok';
  const label = state === 'locked' ? t('stateLocked') : state === 'wiped' ? t('stateWiped') : t('stateOk');
  return (
    <span className={`badge ${state === 'ok' ? 'ok' : 'bad'}`} data-testid="state-badge" data-state={state}>
      {label}
    </span>
  );
}
