import type { ReactNode } from 'react';
import { useI18n } from '@/components/i18n';
import type { SubmitMethod } from '@/lib/messaging/protocol';

/** Attempts left at or below which the overlay warns before the trainee tries. */
const WARN_AT_ATTEMPTS = 2;

/**
 * The ways to give a code (tabs when there is a choice), the attempts left, and the chosen
 * method's form as `children`.
 */
export function CodeMethods({
  methods,
  method,
  onChoose,
  attemptsLeft,
  children,
}: {
  methods: readonly SubmitMethod[];
  method: SubmitMethod;
  onChoose: (method: SubmitMethod) => void;
  attemptsLeft: number;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section className="card stack" aria-labelledby="methods-heading">
      <h2 id="methods-heading">{t('methodsLabel')}</h2>
      {methods.length > 1 && <MethodTabs methods={methods} method={method} onChoose={onChoose} />}
      <p data-testid="attempts-left" className={attemptsLeft <= WARN_AT_ATTEMPTS ? 'warning' : 'muted'}>
        {attemptsLeft <= WARN_AT_ATTEMPTS
          ? t('lastAttemptsWarning', { count: attemptsLeft })
          : t('codeAttemptsLeft', { count: attemptsLeft })}
      </p>
      <MethodPanel method={method} tabbed={methods.length > 1}>
        {children}
      </MethodPanel>
    </section>
  );
}

function MethodTabs({
  methods,
  method,
  onChoose,
}: {
  methods: readonly SubmitMethod[];
  method: SubmitMethod;
  onChoose: (method: SubmitMethod) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="tabs" role="tablist" aria-label={t('methodsLabel')}>
      {methods.map((candidate) => (
        <button
          key={candidate}
          type="button"
          role="tab"
          id={`tab-${candidate}`}
          aria-selected={method === candidate}
          aria-controls={`panel-${candidate}`}
          tabIndex={method === candidate ? 0 : -1}
          data-testid={`method-${candidate}`}
          onClick={() => onChoose(candidate)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
              const next = candidate === 'webOtp' ? 'app' : 'webOtp';
              onChoose(next);
              document.getElementById(`tab-${next}`)?.focus();
            }
          }}
        >
          {t(candidate === 'webOtp' ? 'methodWebOtp' : 'methodApp')}
        </button>
      ))}
    </div>
  );
}

/** The chosen method's form: a tab panel when there is a choice of methods, a plain block when not. */
function MethodPanel({
  method,
  tabbed,
  children,
}: {
  method: SubmitMethod;
  tabbed: boolean;
  children: ReactNode;
}) {
  if (!tabbed) return <div id={`panel-${method}`}>{children}</div>;
  return (
    <div role="tabpanel" id={`panel-${method}`} aria-labelledby={`tab-${method}`}>
      {children}
    </div>
  );
}
