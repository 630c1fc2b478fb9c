import { findEnrollmentKeyUri } from '@/lib/checkpoints/detect';
import { findEnrollmentQr } from '@/lib/checkpoints/enrollment-qr';
import { qrPictureOf } from '@/lib/checkpoints/qr-picture';
import { askBackground } from '@/lib/messaging/client';
import type { EnrollmentPickup } from '@/lib/messaging/protocol';

/**
 * The issue page's key, read once when the trainee asks for it in the registration wizard: the
 * background runs this in the LMS tab's top frame (`scripting.executeScript`) and receives what
 * `main` returns. Kept out of the checkpoint content script, which runs on every LMS page and
 * whose size is budgeted; this runs only on that request.
 */
export default defineContentScript({
  registration: 'runtime',
  async main(): Promise<EnrollmentPickup | null> {
    // The frame's profile, as the background names it for this origin (none: nothing to read).
    const profile = await askBackground({ type: 'page/profile' }).catch(() => null);
    if (!profile) return null;
    const keyUri = findEnrollmentKeyUri(profile, location, document);
    if (keyUri) return { keyUri };
    const picture = findEnrollmentQr(profile, location, document);
    const qrPicture = picture && qrPictureOf(picture);
    return qrPicture ? { qrPicture } : null;
  },
});
