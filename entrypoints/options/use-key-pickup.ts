import { type Dispatch, type SetStateAction, useState } from 'react';
import { useI18n } from '@/components/i18n';
import type { useBackground } from '@/components/use-background';
import type { QrKeyError } from '@/lib/registration/qr-key';
import { readQrPicture } from './qr-picture';
import type { WizardFields } from './wizard-steps';

const QR_PROBLEM = { noQr: 'qrNotFound', notKeyUri: 'qrNotKeyUri' } as const satisfies Record<
  QrKeyError,
  string
>;

/**
 * The key step's pickup: the key from the open issue page ("열려 있는 발급 페이지에서 가져오기"),
 * its text or, where the page shows the key only as a QR code, its picture; or a screenshot the
 * trainee pasted or chose. Pictures are decoded here in the options page, never in the LMS page;
 * the key read goes into the key field and is checked as a typed one.
 */
export function useKeyPickup(
  setFields: Dispatch<SetStateAction<WizardFields>>,
  { ask, setError }: Pick<ReturnType<typeof useBackground>, 'ask' | 'setError'>,
) {
  const { t } = useI18n();
  const [keyNotice, setKeyNotice] = useState<string | null>(null);
  const found = (keyUri: string, origin?: string) =>
    setFields((current) => ({ ...current, keyUri, lmsOrigin: origin ?? current.lmsOrigin }));

  const readPicture = async (picture: Blob | string, origin?: string) => {
    const result = await readQrPicture(picture);
    if (!result.ok) {
      setKeyNotice(t(QR_PROBLEM[result.error]));
      return;
    }
    found(result.value, origin);
    setKeyNotice(origin ? t('keyFoundQr', { origin }) : t('qrRead'));
  };

  const findKey = async () => {
    setKeyNotice(null);
    const reply = await ask({ type: 'enrollment/find' }, { quiet: true });
    if (!reply.ok) setError(reply.error);
    else if (reply.value && 'keyUri' in reply.value) {
      found(reply.value.keyUri, reply.value.origin);
      setKeyNotice(t('keyFound', { origin: reply.value.origin }));
    } else if (reply.value) await readPicture(reply.value.qrPicture, reply.value.origin);
    else setKeyNotice(t('keyNotFound'));
  };

  return {
    keyNotice,
    findKey,
    /** A screenshot or saved picture of the QR code the trainee pasted or chose. */
    readPicture: (picture: Blob) => {
      setKeyNotice(null);
      return readPicture(picture);
    },
  };
}
